package server

import (
	"log/slog"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/store"
)

// AuditWriter returns a function that records an audit record the way
// every request's is recorded: in the append-only store, in the log and
// on the events stream. Services get it for work done inside a task that
// deserves a record of its own (retention: one per deleted snapshot),
// without knowing HTTP.
func AuditWriter(st *store.Store, hub *events.Hub, log *slog.Logger) func(api.AuditRecord) {
	return func(rec api.AuditRecord) {
		if err := st.AppendAudit(&rec); err != nil {
			log.Error("audit write failed", "err", err, "path", rec.Path)
		}
		log.Info("audit", "user", rec.User, "uid", rec.UID, "action", rec.Action, "method", rec.Method,
			"path", rec.Path, "status", rec.Status, "result", rec.Result)
		hub.Publish(api.Event{Type: api.EventAudit, Time: rec.Time, Audit: &rec})
	}
}
