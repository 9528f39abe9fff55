package server

import (
	"encoding/json"
	"net/http"
	"time"

	"bams/backend/api"
)

// getEvents streams newline-delimited JSON events until the caller leaves,
// the daemon stops, the caller falls too far behind, or its org.bams.read
// is revoked (re-checked every polkit.events_recheck).
func (s *Server) getEvents(r *request) response {
	return streamResponse(func(w http.ResponseWriter) {
		sub := s.Hub.Subscribe(256)
		defer s.Hub.Unsubscribe(sub)
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		flusher, _ := w.(http.Flusher)
		enc := json.NewEncoder(w)
		send := func(e api.Event) bool {
			if err := enc.Encode(e); err != nil {
				return false
			}
			if flusher != nil {
				flusher.Flush()
			}
			return true
		}
		if !send(api.Event{Type: api.EventHello, Time: time.Now().UTC()}) {
			return
		}
		recheck := time.NewTicker(s.Config.Polkit.EventsRecheck.D())
		defer recheck.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-s.stopping:
				return
			case e, open := <-sub.C:
				if !open || !send(e) {
					return
				}
			case <-recheck.C:
				if s.authorize(r.Context(), r.peer, api.ActionRead) != nil {
					send(api.Event{Type: api.EventRevoked, Time: time.Now().UTC()})
					return
				}
			}
		}
	})
}

// eventRoutes: the live event stream.
func eventRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/events", Action: api.ActionRead, handle: (*Server).getEvents},
	}
}
