package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"bams/backend/api"
	"bams/backend/internal/logs"
)

// logQuery reads the filters of both log routes.
func (r *request) logQuery() (logs.Query, response) {
	q := r.query()
	lq := logs.Query{Since: q.time("since"), Until: q.time("until"), Level: q.vals["level"], Text: q.vals["text"], Limit: q.limit()}
	if lq.Level != "" && !logs.ValidLevel(lq.Level) {
		q.fail(badRequest("level", "level must be a syslog priority: emerg, alert, crit, err, warning, notice, info or debug"))
	}
	if len(lq.Text) > 200 {
		q.fail(badRequest("text", "text is at most 200 bytes"))
	}
	return lq, q.err
}

// getLogs: GET /api/v1/logs/{service}?since=&until=&level=&text=&limit=
func (s *Server) getLogs(r *request) response {
	q, bad := r.logQuery()
	if bad != nil {
		return bad
	}
	l, err := s.Logs.Read(r.Context(), r.param("service"), q)
	if err != nil {
		return fail(err)
	}
	return ok(l)
}

// getLogStream follows a service's log as NDJSON entries until the caller
// leaves, bamsd stops, or the caller's org.bams.read is revoked (checked
// every polkit.events_recheck, as the events stream does).
func (s *Server) getLogStream(r *request) response {
	q, bad := r.logQuery()
	if bad != nil {
		return bad
	}
	service := r.param("service")
	if _, err := s.Logs.Read(r.Context(), service, logs.Query{Limit: 1}); err != nil {
		return fail(err) // an unknown service or a missing source is an error, not an empty stream
	}
	return streamResponse(func(w http.ResponseWriter) {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		go func() {
			recheck := time.NewTicker(s.Config.Polkit.EventsRecheck.D())
			defer recheck.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-s.stopping:
					cancel()
					return
				case <-recheck.C:
					if s.authorize(ctx, r.peer, api.ActionRead) != nil {
						cancel()
						return
					}
				}
			}
		}()
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		flusher, _ := w.(http.Flusher)
		enc := json.NewEncoder(w)
		err := s.Logs.Follow(ctx, service, q, func(e api.LogEntry) error {
			if err := enc.Encode(e); err != nil {
				return err
			}
			if flusher != nil {
				flusher.Flush()
			}
			return nil
		})
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("following a log", "service", service, "err", err)
		}
	})
}

// logRoutes: service logs; viewers may read them (secrets are redacted).
func logRoutes() []route {
	filters := []string{"since", "until", "level", "text", "limit"}
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/logs/{service}", Action: api.ActionRead, Query: filters, handle: (*Server).getLogs},
		{Method: http.MethodGet, Pattern: "/api/v1/logs/{service}/stream", Action: api.ActionRead, Query: []string{"level", "text"}, handle: (*Server).getLogStream},
	}
}
