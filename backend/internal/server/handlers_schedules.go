package server

import (
	"net/http"
	"time"

	"bams/backend/api"
)

// getSchedules lists every host's schedule with its next run.
func (s *Server) getSchedules(r *request) response {
	list, err := s.Backups.Schedules()
	if err != nil {
		return fail(err)
	}
	return ok(api.ScheduleList{Schedules: list, TimeZone: s.timeZone()})
}

func (s *Server) getSchedule(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	sc, err := s.Backups.Schedule(name)
	if err != nil {
		return fail(err)
	}
	return ok(sc)
}

// scheduleSet is the body of PUT /api/v1/hosts/{name}/schedule.
type scheduleSet struct {
	Cron    string `json:"cron"`
	Enabled bool   `json:"enabled"`
	Prune   bool   `json:"prune"`
}

// putSchedule sets a host's schedule: {cron, enabled, prune}.
func (s *Server) putSchedule(r *request) response {
	name, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := input[scheduleSet](r)
	sc, err := s.Backups.SetSchedule(name, api.Schedule{Cron: req.Cron, Enabled: req.Enabled, Prune: req.Prune}, time.Now())
	if err != nil {
		return fail(err)
	}
	return ok(sc)
}

// scheduleRoutes: the pull-backup schedules.
func scheduleRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/schedule", Action: api.ActionRead, handle: (*Server).getSchedule},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}/schedule", Action: api.ActionManage, Body: bodyOf[scheduleSet], handle: (*Server).putSchedule},
		{Method: http.MethodGet, Pattern: "/api/v1/schedules", Action: api.ActionRead, handle: (*Server).getSchedules},
	}
}
