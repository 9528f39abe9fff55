// Package audit is the audit trail: the one way records are written (to
// the append-only store, the log and the events stream, each bounded), the
// coalescing of a uid's repeated denials, and retention by age and size.
// The HTTP layer and the services both write through it.
package audit

import (
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/config"
	"bams/backend/internal/events"
	"bams/backend/internal/store"
)

// Trail is the one way audit records are written: to the append-only
// store, to the log and to the events stream, each record bounded. The
// socket is open to every local user and each denial leaves a record, so
// the trail is bounded three ways: a uid's repeated denials within
// audit.denial_window become one record with a count, every string in a
// record is cut (bound.go), and retention drops the oldest records beyond
// audit.max_age and audit.max_bytes, writing a record that says so.
// Services get Write for work done inside a task that deserves a record
// of its own (retention: one per deleted snapshot), without knowing HTTP.
type Trail struct {
	store *store.Store
	hub   *events.Hub
	log   *slog.Logger
	cfg   config.Audit

	mu       sync.Mutex
	windows  map[uint32]*denialWindow // by uid, open after a recorded denial
	closed   bool                     // at shutdown: denials are written one by one
	ageCheck time.Time                // when records are next checked for age
}

// denialWindow counts a uid's denials after the one recorded.
type denialWindow struct {
	count int
	since time.Time
	last  api.AuditRecord
	timer *time.Timer
}

// New returns the trail over st.
func New(st *store.Store, hub *events.Hub, log *slog.Logger, cfg config.Audit) *Trail {
	return &Trail{store: st, hub: hub, log: log, cfg: cfg, windows: map[uint32]*denialWindow{}}
}

// Filter selects records for List (the store's filter, so the HTTP layer
// needs no store).
type Filter = store.AuditFilter

// List pages the records, newest first (the API never changes or deletes them).
func (a *Trail) List(f Filter, cursor string, limit int) ([]api.AuditRecord, string, error) {
	return a.store.ListAudit(f, cursor, limit)
}

// Write records rec, then applies retention when it is due.
func (a *Trail) Write(rec api.AuditRecord) {
	rec.Path, rec.Error = Clip(rec.Path, MaxText), Clip(rec.Error, MaxText)
	if rec.Params != nil {
		rec.Params = Bound(rec.Params).(map[string]any)
	}
	if err := a.store.AppendAudit(&rec); err != nil {
		a.log.Error("audit write failed", "err", err, "path", rec.Path)
	}
	a.logAndPublish(rec)
	a.retain(time.Now().UTC())
}

func (a *Trail) logAndPublish(rec api.AuditRecord) {
	attrs := []any{"user", rec.User, "uid", rec.UID, "action", rec.Action, "method", rec.Method,
		"path", rec.Path, "status", rec.Status, "result", rec.Result}
	if rec.Count > 0 {
		attrs = append(attrs, "count", rec.Count, "since", rec.Since)
	}
	a.log.Info("audit", attrs...)
	a.hub.Publish(api.Event{Type: api.EventAudit, Time: rec.Time, Audit: &rec})
}

// Denied records a denial: the first of a uid at once (an admin sees it
// live), the ones after it within the window as one record with a count
// when the window ends.
func (a *Trail) Denied(rec api.AuditRecord) {
	a.mu.Lock()
	if w, open := a.windows[rec.UID]; open {
		if w.count == 0 {
			w.since = rec.Time
		}
		w.count++
		w.last = rec
		a.mu.Unlock()
		return
	}
	if !a.closed {
		uid := rec.UID
		a.windows[uid] = &denialWindow{timer: time.AfterFunc(a.cfg.DenialWindow.D(), func() { a.closeWindow(uid) })}
	}
	a.mu.Unlock()
	a.Write(rec)
}

func (a *Trail) closeWindow(uid uint32) {
	a.mu.Lock()
	w := a.windows[uid]
	delete(a.windows, uid)
	a.mu.Unlock()
	if w == nil || w.count == 0 {
		return
	}
	w.timer.Stop()
	rec := w.last
	rec.Count, rec.Since = w.count, &w.since
	a.Write(rec)
}

// Close writes the counts of the windows still open (bamsd is stopping).
func (a *Trail) Close() {
	a.mu.Lock()
	a.closed = true
	uids := slices.Collect(maps.Keys(a.windows))
	a.mu.Unlock()
	for _, uid := range uids {
		a.closeWindow(uid)
	}
}

// retain drops records beyond audit.max_age (checked hourly) and, once the
// records take more than audit.max_bytes, the oldest down to 90% of it, so
// that pruning runs once per tenth of the bound, not on every write.
func (a *Trail) retain(now time.Time) {
	over := a.store.AuditBytes() > a.cfg.MaxBytes
	a.mu.Lock()
	due := over || !now.Before(a.ageCheck)
	if due {
		a.ageCheck = now.Add(time.Hour)
	}
	a.mu.Unlock()
	if !due {
		return
	}
	keep := a.cfg.MaxBytes
	if over {
		keep -= a.cfg.MaxBytes / 10
	}
	rec, err := a.store.PruneAudit(now.Add(-a.cfg.MaxAge.D()), keep, func(d store.AuditDropped) api.AuditRecord {
		return api.AuditRecord{Time: now, User: "bamsd", Method: "DELETE", Path: "/api/v1/audit", Status: 200, Result: "ok",
			Params: map[string]any{"retention": "dropped the oldest records: audit.max_age " + a.cfg.MaxAge.D().String() +
				", audit.max_bytes " + strconv.FormatInt(a.cfg.MaxBytes, 10), "records": d.Records, "bytes": d.Bytes,
				"first_seq": d.FirstSeq, "last_seq": d.LastSeq, "oldest": d.Oldest, "newest": d.Newest}}
	})
	if err != nil {
		a.log.Error("audit retention failed", "err", err)
		return
	}
	if rec != nil {
		a.logAndPublish(*rec)
	}
}
