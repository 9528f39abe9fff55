package server

import (
	"net/http"
	"regexp"
	"strconv"

	"bams/backend/api"
	"bams/backend/internal/pullbackup"
)

var (
	snapshotKindPattern  = regexp.MustCompile(`^(scheduled|manual)$`)
	snapshotStatePattern = regexp.MustCompile(`^(complete|failed|unknown)$`)
)

func (r *request) hostName() (string, response) {
	name := r.param("name")
	if err := pullbackup.ValidName(name); err != nil {
		return "", fail(err)
	}
	return name, nil
}

func (s *Server) getHosts(r *request) response {
	hosts, err := s.Backups.Hosts()
	if err != nil {
		return fail(err)
	}
	return ok(api.HostList{Hosts: hosts})
}

func (s *Server) postHost(r *request) response {
	h := api.Host{Enabled: true} // a new host runs its schedule unless it says otherwise
	if bad := inputOver(r, &h); bad != nil {
		return bad
	}
	created, err := s.Backups.CreateHost(h)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: 201, body: created, location: "/api/v1/hosts/" + created.Name}
}

func (s *Server) getHost(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	h, err := s.Backups.HostSummary(name)
	if err != nil {
		return fail(err)
	}
	return ok(h)
}

func (s *Server) putHost(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	// PUT changes the fields its body names and keeps the others, so a
	// body that leaves out "enabled" never turns a schedule off.
	h, err := s.Backups.Host(name)
	if err != nil {
		return fail(err)
	}
	if bad := inputOver(r, &h); bad != nil {
		return bad
	}
	updated, err := s.Backups.UpdateHost(name, h)
	if err != nil {
		return fail(err)
	}
	return ok(updated)
}

func (s *Server) deleteHost(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	if err := s.Backups.DeleteHost(name); err != nil {
		return fail(err)
	}
	return jsonResponse{code: 200, body: map[string]string{
		"deleted": name, "note": "snapshot folders were kept on disk; re-add the host and run discover to see them again"}}
}

// getSnapshots: GET /api/v1/hosts/{name}/snapshots?kind=&state=&year=&month=&day=
func (s *Server) getSnapshots(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	q := r.query()
	f := pullbackup.SnapshotFilter{
		Kind:  q.match("kind", snapshotKindPattern, "scheduled or manual"),
		State: q.match("state", snapshotStatePattern, "complete, failed or unknown"),
		Year:  q.number("year", 1970, 9999),
		Month: q.number("month", 1, 12),
		Day:   q.number("day", 1, 31),
	}
	if q.err != nil {
		return q.err
	}
	snaps, err := s.Backups.Snapshots(name, f)
	if err != nil {
		return fail(err)
	}
	return ok(api.SnapshotList{Snapshots: snaps, TimeZone: s.timeZone()})
}

func (s *Server) postDiscover(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	res, err := s.Backups.Discover(name)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// number reads an integer parameter within [min, max]; 0 when absent.
func (q *query) number(name string, min, max int) int {
	v, present := q.vals[name]
	if !present {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		q.fail(badRequest(name, "%s must be a number from %d to %d", name, min, max))
	}
	return n
}

// postBackup starts one backup of the host: 202 with the task; 409 busy
// naming the running task when the host is already being backed up.
func (s *Server) postBackup(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.BackupRequest](r)
	if req.Kind == api.KindScheduled {
		return badRequest("kind", "scheduled runs come from the scheduler; a run started here is manual")
	}
	t, err := s.Backups.StartBackup(name, api.KindManual, false, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// postHostTest scans the host's keys and tries to log in.
func (s *Server) postHostTest(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	res, err := s.Backups.TestHost(r.Context(), name)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// postHostKey accepts the host key whose fingerprint the admin was shown.
func (s *Server) postHostKey(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.AcceptHostKey](r)
	h, err := s.Backups.AcceptHostKey(r.Context(), name, req.Fingerprint)
	if err != nil {
		return fail(err)
	}
	return ok(h)
}

// getSSHKey shows bamsd's public key, to install on hosts.
func (s *Server) getSSHKey(r *request) response {
	k, err := s.Backups.PublicKey(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(k)
}

// hostRoutes: pull-backup hosts, their snapshots, backups and host keys.
func hostRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/hosts", Action: api.ActionRead, handle: (*Server).getHosts},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts", Action: api.ActionManage, Body: bodyOf[api.Host], handle: (*Server).postHost},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}", Action: api.ActionRead, handle: (*Server).getHost},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}", Action: api.ActionManage, Body: bodyOf[api.Host], handle: (*Server).putHost},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}", Action: api.ActionManage, handle: (*Server).deleteHost},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots", Action: api.ActionRead, Query: []string{"kind", "state", "year", "month", "day"}, handle: (*Server).getSnapshots},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/discover", Action: api.ActionManage, handle: (*Server).postDiscover},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/backup", Action: api.ActionOperate, Body: bodyOf[api.BackupRequest], handle: (*Server).postBackup},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/test", Action: api.ActionOperate, handle: (*Server).postHostTest},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/hostkey", Action: api.ActionManage, Body: bodyOf[api.AcceptHostKey], handle: (*Server).postHostKey},
		{Method: http.MethodGet, Pattern: "/api/v1/ssh/key", Action: api.ActionRead, handle: (*Server).getSSHKey},
	}
}
