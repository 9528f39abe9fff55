package server

import (
	"net/http"
	"regexp"

	"bams/backend/api"
	"bams/backend/internal/audit"
)

var (
	userPattern   = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}\$?$|^[0-9]{1,10}$`)
	actionPattern = regexp.MustCompile(`^org\.bams\.[a-z]+$`)
)

// getAudit: GET /api/v1/audit?user=&action=&since=&until=&limit=&cursor=
func (s *Server) getAudit(r *request) response {
	q := r.query()
	f := audit.Filter{
		User:   q.match("user", userPattern, "a user name"),
		Action: q.match("action", actionPattern, "an action id like org.bams.manage"),
		Since:  q.time("since"),
		Until:  q.time("until"),
	}
	limit, cursor := q.limit(), q.cursor()
	if q.err != nil {
		return q.err
	}
	recs, next, err := s.Audit.List(f, cursor, limit)
	if err != nil {
		return fail(err)
	}
	return ok(api.AuditList{Records: recs, Next: next})
}

// auditRoutes: the audit trail (read only: nothing changes or deletes it).
func auditRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/audit", Action: api.ActionRead, Query: []string{"user", "action", "since", "until", "limit", "cursor"}, handle: (*Server).getAudit},
	}
}
