package server

import (
	"net/http"
	"time"

	"bams/backend/api"
)

// getHistory: GET /api/v1/dashboard/history?since= (default: 30 days ago)
// answers the dashboard's charts: every sampled series.
func (s *Server) getHistory(r *request) response {
	q := r.query()
	since := q.time("since")
	if q.err != nil {
		return q.err
	}
	if since.IsZero() {
		since = time.Now().Add(-30 * 24 * time.Hour)
	}
	h, err := s.Samples.History(since)
	if err != nil {
		return fail(err)
	}
	return ok(h)
}

// historyRoutes: the samples behind the dashboard's charts.
func historyRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/dashboard/history", Action: api.ActionRead, Query: []string{"since"}, handle: (*Server).getHistory},
	}
}
