package server

import (
	"net/http"
	"time"

	"bams/backend/api"
	"bams/backend/internal/audit"
	"bams/backend/internal/selfcheck"
	"bams/backend/internal/sysinfo"
	"bams/backend/internal/tasks"
)

func (s *Server) getHealth(r *request) response {
	return ok(api.Health{Status: "ok", Version: s.Version, Uptime: int64(time.Since(s.started).Seconds())})
}

// getMe tells callers who they are and what they may do, so the UI can
// disable what they can't.
func (s *Server) getMe(r *request) response {
	p := r.peer
	me := api.Me{UID: p.UID, User: p.User(), LoginUID: p.LoginUID, Groups: groupsOf(p), Actions: map[string]bool{}}
	for _, a := range api.Actions() {
		denied := s.authorize(r.Context(), p, a)
		me.Actions[a] = denied == nil
		if e, isErr := denied.(errorResponse); isErr && e.e.Kind == api.KindPolkitUnavailable {
			me.Unavailable = e.e.Message
		}
	}
	return ok(me)
}

func (s *Server) getDashboard(r *request) response {
	f := sysinfo.Read()
	d := api.Dashboard{
		Hostname: f.Hostname, OS: f.OS, Kernel: f.Kernel, UptimeSeconds: f.Uptime, Load: f.Load, Memory: f.Memory,
		BackupRoot:  sysinfo.Usage(s.Config.BackupRoot),
		RestoreRoot: sysinfo.Usage(s.Config.RestoreRoot),
		TimeZone:    s.timeZone(),
		Tools:       s.Selfcheck.Last(),
	}
	var err error
	if d.Running, _, err = s.Tasks.List(tasks.Filter{States: []api.TaskState{api.TaskQueued, api.TaskRunning}}, "", 20); err != nil {
		return fail(err)
	}
	if d.Failed, _, err = s.Tasks.List(tasks.Filter{States: []api.TaskState{api.TaskFailed}}, "", 5); err != nil {
		return fail(err)
	}
	if d.Audit, _, err = s.Audit.List(audit.Filter{}, "", 10); err != nil {
		return fail(err)
	}
	return ok(d)
}

// postSelfcheck starts a selfcheck task. It takes no parameters.
func (s *Server) postSelfcheck(r *request) response {
	t, err := s.Tasks.Start(selfcheck.Kind, "", api.ActionOperate, r.peer.Caller(), s.Selfcheck.Run)
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// timeZone names the appliance's time zone, shown with every date.
func (s *Server) timeZone() string {
	if s.Config.TimeZone != "" {
		return s.Config.TimeZone
	}
	return sysinfo.TimeZone()
}

// systemRoutes: the daemon itself: health, who the caller is, the dashboard, the self-check.
func systemRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/health", Action: api.Public, handle: (*Server).getHealth},
		{Method: http.MethodGet, Pattern: "/api/v1/me", Action: api.Public, handle: (*Server).getMe},
		{Method: http.MethodGet, Pattern: "/api/v1/dashboard", Action: api.ActionRead, handle: (*Server).getDashboard},
		{Method: http.MethodPost, Pattern: "/api/v1/system/selfcheck", Action: api.ActionOperate, handle: (*Server).postSelfcheck},
	}
}
