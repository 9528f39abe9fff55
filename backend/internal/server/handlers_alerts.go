package server

import (
	"net/http"
	"regexp"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/alerts"
)

var (
	alertIDPattern      = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	alertNamePattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	alertSubjectPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}/[A-Za-z0-9._:@/-]{1,200}$`)
)

// getAlerts: GET /api/v1/alerts?state=active,acknowledged&level=warning&source=&class=&subject=&limit=&cursor=
func (s *Server) getAlerts(r *request) response {
	q := r.query()
	f := alerts.Filter{
		Source:  q.match("source", alertNamePattern, "a source name like backups"),
		Class:   q.match("class", alertNamePattern, "an alert class like backup-failed"),
		Subject: q.match("subject", alertSubjectPattern, "a subject like host/web1"),
	}
	if v := q.vals["state"]; v != "" {
		for _, st := range strings.Split(v, ",") {
			switch api.AlertState(st) {
			case api.AlertActive, api.AlertAcknowledged, api.AlertCleared:
				f.States = append(f.States, api.AlertState(st))
			default:
				q.fail(badRequest("state", "unknown state %q (valid: active, acknowledged, cleared)", st))
			}
		}
	}
	if v := q.vals["level"]; v != "" {
		if f.MinLevel = api.AlertLevel(v); f.MinLevel.Rank() == 0 {
			q.fail(badRequest("level", "level must be info, warning, error or critical"))
		}
	}
	limit, cursor := q.limit(), q.cursor()
	if q.err != nil {
		return q.err
	}
	l, err := s.Alerts.List(f, cursor, limit)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

func (r *request) alertID() (string, response) {
	id := r.param("id")
	if !alertIDPattern.MatchString(id) {
		return "", badRequest("id", "alert id must be a number")
	}
	return id, nil
}

func (s *Server) getAlert(r *request) response {
	id, bad := r.alertID()
	if bad != nil {
		return bad
	}
	a, err := s.Alerts.Get(id)
	if err != nil {
		return fail(err)
	}
	return ok(a)
}

// postAcknowledge: POST /api/v1/alerts/{id}/acknowledge records who saw it.
func (s *Server) postAcknowledge(r *request) response {
	id, bad := r.alertID()
	if bad != nil {
		return bad
	}
	a, err := s.Alerts.Acknowledge(id, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return ok(a)
}

// alertRoutes: alerts and their history; acknowledging is operate.
func alertRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/alerts", Action: api.ActionRead, Query: []string{"state", "level", "source", "class", "subject", "limit", "cursor"}, handle: (*Server).getAlerts},
		{Method: http.MethodGet, Pattern: "/api/v1/alerts/{id}", Action: api.ActionRead, handle: (*Server).getAlert},
		{Method: http.MethodPost, Pattern: "/api/v1/alerts/{id}/acknowledge", Action: api.ActionOperate, handle: (*Server).postAcknowledge},
	}
}
