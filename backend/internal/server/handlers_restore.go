package server

import (
	"mime"
	"net/http"
	"strings"
	"time"

	"bams/backend/api"
)

// Browsing and downloading read backed-up files, which org.bams.read never
// may: so, unlike other GETs, each allowed one leaves an audit record.
func (s *Server) auditRead(r *request, resp response, start time.Time) response {
	s.audit(r, api.ActionRestore, resp, time.Since(start))
	return resp
}

func (r *request) snapshotName() string { return r.param("snap") }

// getFiles: GET /api/v1/hosts/{name}/snapshots/{snap}/files?path=&limit=&cursor=
func (s *Server) getFiles(r *request) response {
	start := time.Now()
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	q := r.query()
	limit := q.limit()
	if q.err != nil {
		return q.err
	}
	list, err := s.Backups.Files(name, r.snapshotName(), q.vals["path"], limit, q.vals["cursor"])
	if err != nil {
		return s.auditRead(r, fail(err), start)
	}
	return s.auditRead(r, ok(list), start)
}

// getDownload: GET /api/v1/hosts/{name}/snapshots/{snap}/download?path=
// streams a .tar.gz. The path is resolved before the first byte, so a bad
// one is a normal error answer; a failure while streaming aborts the
// connection, so a client never takes a cut archive for a whole one.
func (s *Server) getDownload(r *request) response {
	start := time.Now()
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	q := r.query()
	if q.err != nil {
		return q.err
	}
	d, err := s.Backups.OpenDownload(name, r.snapshotName(), q.vals["path"])
	if err != nil {
		return s.auditRead(r, fail(err), start)
	}
	return s.auditRead(r, streamResponse(func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
		w.WriteHeader(http.StatusOK)
		if err := d.Stream(w); err != nil {
			s.Log.Warn("download cut off", "host", name, "snapshot", r.snapshotName(), "path", d.Path, "err", err)
			panic(http.ErrAbortHandler)
		}
	}), start)
}

// postRestore: POST /api/v1/hosts/{name}/restore starts a restore task
// (its dry run too): 202 with the task.
func (s *Server) postRestore(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.RestoreRequest](r)
	if strings.TrimSpace(req.Snapshot) == "" {
		return badRequest("snapshot", "name the snapshot to restore from")
	}
	// JSON text can't hold a name that is not UTF-8: those come as bytes
	for _, p := range req.PathsBase64 {
		req.Paths = append(req.Paths, string(p))
	}
	req.PathsBase64 = nil
	t, err := s.Backups.StartRestore(name, req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// restoreRoutes: browsing, downloading and restoring the files of a snapshot.
func restoreRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/files", Action: api.ActionRestore, Query: []string{"path", "limit", "cursor"}, handle: (*Server).getFiles},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/download", Action: api.ActionRestore, Query: []string{"path"}, handle: (*Server).getDownload},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/restore", Action: api.ActionRestore, Body: bodyOf[api.RestoreRequest], handle: (*Server).postRestore},
	}
}
