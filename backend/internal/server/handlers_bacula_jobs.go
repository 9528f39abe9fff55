package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/baculasvc"
)

var (
	baculaStatusPattern    = regexp.MustCompile(`^(ok|warnings|error|non-fatal-error|fatal|differences|canceled|incomplete|running|never-run)$`)
	baculaRunStatusPattern = regexp.MustCompile(`^(ok|warnings|error|non-fatal-error|fatal|differences|canceled|incomplete|running)(,(ok|warnings|error|non-fatal-error|fatal|differences|canceled|incomplete|running))*$`)
	baculaTypePattern      = regexp.MustCompile(`^[A-Za-z]$`)
	baculaJobIDPattern     = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)
)

const baculaNameRule = "a Bacula resource name (letters, digits, '_', '.', ':', '-')"

func (r *request) baculaJobID() (int64, response) {
	v := r.param("jobid")
	if !baculaJobIDPattern.MatchString(v) {
		return 0, badRequest("jobid", "jobid must be a positive job id")
	}
	id, _ := strconv.ParseInt(v, 10, 64)
	return id, nil
}

// getBaculaStats: GET /api/v1/backup/dashboard/stats
func (s *Server) getBaculaStats(r *request) response {
	st, err := s.Bacula.DashboardStats(r.Context(), time.Now())
	if err != nil {
		return fail(err)
	}
	return ok(st)
}

// getBaculaJobResources: GET /api/v1/backup/resources, the names a job can use.
func (s *Server) getBaculaJobResources(r *request) response {
	res, err := s.Bacula.JobResources(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// getBaculaJobs: GET /api/v1/backup/jobs?status=&client=&schedule=&limit=&cursor=
func (s *Server) getBaculaJobs(r *request) response {
	q := r.query()
	f := baculasvc.JobFilter{
		Status:   q.match("status", baculaStatusPattern, "a status word (ok, warnings, error, fatal, canceled, running, never-run, ...)"),
		Client:   q.match("client", baculasvc.NamePattern, baculaNameRule),
		Schedule: q.match("schedule", baculasvc.NamePattern, baculaNameRule),
	}
	limit, cursor := q.limit(), q.cursor()
	if q.err != nil {
		return q.err
	}
	list, err := s.Bacula.Jobs(r.Context(), f, cursor, limit)
	if err != nil {
		return fail(err)
	}
	return ok(list)
}

// getBaculaJob: GET /api/v1/backup/jobs/{name}
func (s *Server) getBaculaJob(r *request) response {
	d, err := s.Bacula.Job(r.Context(), r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// postBaculaJob: POST /api/v1/backup/jobs
func (s *Server) postBaculaJob(r *request) response {
	c := *input[api.BaculaJobCreate](r)
	job, err := s.Bacula.CreateJob(r.Context(), c)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: 201, body: job, location: "/api/v1/backup/jobs/" + job.Name}
}

// postBaculaJobRun: POST /api/v1/backup/jobs/{name}/run
func (s *Server) postBaculaJobRun(r *request) response {
	req := *input[api.BaculaJobRun](r)
	t, err := s.Bacula.RunJob(r.Context(), r.param("name"), req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// getBaculaHistory: GET /api/v1/backup/history?status=a,b&client=&job=&type=&since=&until=&limit=&cursor=
func (s *Server) getBaculaHistory(r *request) response {
	q := r.query()
	f := baculasvc.HistoryFilter{
		Client: q.match("client", baculasvc.NamePattern, baculaNameRule),
		Name:   q.match("job", baculasvc.NamePattern, baculaNameRule),
		Type:   q.match("type", baculaTypePattern, "one letter (B backup, R restore, ...)"),
		Since:  q.time("since"),
		Until:  q.time("until"),
	}
	if st := q.match("status", baculaRunStatusPattern, "status words separated by commas (ok, warnings, error, fatal, canceled, running, ...)"); st != "" {
		f.Statuses = strings.Split(st, ",")
	}
	limit, cursor := q.limit(), q.cursor()
	if q.err != nil {
		return q.err
	}
	list, err := s.Bacula.History(r.Context(), f, cursor, limit)
	if err != nil {
		return fail(err)
	}
	return ok(list)
}

// getBaculaRun: GET /api/v1/backup/history/{jobid}
func (s *Server) getBaculaRun(r *request) response {
	id, bad := r.baculaJobID()
	if bad != nil {
		return bad
	}
	d, err := s.Bacula.Run(r.Context(), id)
	if err != nil {
		return fail(err)
	}
	return ok(d)
}

// postBaculaCancel: POST /api/v1/backup/history/{jobid}/cancel
func (s *Server) postBaculaCancel(r *request) response {
	id, bad := r.baculaJobID()
	if bad != nil {
		return bad
	}
	res, err := s.Bacula.Cancel(r.Context(), id)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// postBaculaRestore: POST /api/v1/backup/history/{jobid}/restore
func (s *Server) postBaculaRestore(r *request) response {
	id, bad := r.baculaJobID()
	if bad != nil {
		return bad
	}
	req := *input[api.BaculaRestore](r)
	t, err := s.Bacula.Restore(r.Context(), id, req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// postBaculaReconcile: POST /api/v1/backup/history/reconcile
func (s *Server) postBaculaReconcile(r *request) response {
	res, err := s.Bacula.Reconcile(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// postBaculaConsole: POST /api/v1/backup/console/execute
func (s *Server) postBaculaConsole(r *request) response {
	c := *input[api.BaculaConsoleCommand](r)
	out, err := s.Bacula.Console(r.Context(), c.Command)
	if err != nil {
		return fail(err)
	}
	return ok(out)
}

// baculaJobRoutes: Bacula jobs, runs, history, restores and the console.
func baculaJobRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/backup/dashboard/stats", Action: api.ActionRead, handle: (*Server).getBaculaStats},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/jobs", Action: api.ActionRead, Query: []string{"status", "client", "schedule", "limit", "cursor"}, handle: (*Server).getBaculaJobs},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/jobs", Action: api.ActionManage, Body: bodyOf[api.BaculaJobCreate], handle: (*Server).postBaculaJob},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/resources", Action: api.ActionRead, handle: (*Server).getBaculaJobResources},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/jobs/{name}", Action: api.ActionRead, handle: (*Server).getBaculaJob},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/jobs/{name}/run", Action: api.ActionOperate, Body: bodyOf[api.BaculaJobRun], handle: (*Server).postBaculaJobRun},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/history", Action: api.ActionRead, Query: []string{"status", "client", "job", "type", "since", "until", "limit", "cursor"}, handle: (*Server).getBaculaHistory},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/reconcile", Action: api.ActionOperate, handle: (*Server).postBaculaReconcile},
		{Method: http.MethodGet, Pattern: "/api/v1/backup/history/{jobid}", Action: api.ActionRead, handle: (*Server).getBaculaRun},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/{jobid}/cancel", Action: api.ActionOperate, handle: (*Server).postBaculaCancel},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/history/{jobid}/restore", Action: api.ActionRestore, Body: bodyOf[api.BaculaRestore], handle: (*Server).postBaculaRestore},
		{Method: http.MethodPost, Pattern: "/api/v1/backup/console/execute", Action: api.ActionConsole, Body: bodyOf[api.BaculaConsoleCommand], handle: (*Server).postBaculaConsole},
	}
}
