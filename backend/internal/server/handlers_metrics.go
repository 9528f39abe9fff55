package server

import (
	"net/http"

	"bams/backend/api"
)

// getMetrics serves the Prometheus metrics (docs/metrics.md) on the
// socket; the daemon can serve the same handler on a loopback TCP address.
func (s *Server) getMetrics(r *request) response {
	return streamResponse(func(w http.ResponseWriter) { s.Metrics.ServeHTTP(w, r.Request) })
}

// metricsRoutes: Prometheus's scrape endpoint, at the path it expects.
func metricsRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/metrics", Action: api.ActionRead, handle: (*Server).getMetrics},
	}
}
