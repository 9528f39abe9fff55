package replication

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
)

func schedulerCaller() api.Caller { return api.Caller{UID: 0, User: "scheduler"} }

// Tick starts what is due at now: one run per enabled scheduled task
// whose next slot has come, however many passed while bamsd was down; a
// slot that finds its task running is skipped, never queued. It returns
// when the next slot of any task is due.
func (s *Service) Tick(now time.Time, log *slog.Logger) (next time.Time) {
	list, err := s.store.ListReplications()
	if err != nil {
		log.Error("replication scheduler: reading tasks", "err", err)
		return now.Add(time.Minute)
	}
	now = now.In(s.loc)
	next = now.Add(time.Hour)
	for _, t := range list {
		if !t.Enabled || t.Cron == "" || t.LastSlot == nil {
			continue
		}
		spec, err := cronslot.Parse(t.Cron)
		if err != nil {
			continue
		}
		last := t.LastSlot.In(s.loc)
		if due := cronslot.Latest(spec, last, now); !due.IsZero() {
			s.fire(t.Name, due, log)
			last = due
			if _, err := s.store.UpdateReplication(t.Name, func(rec *api.ReplicationTask) error { rec.LastSlot = &due; return nil }); err != nil {
				log.Error("replication scheduler: saving the slot", "task", t.Name, "err", err)
			}
		}
		if n := spec.Next(last); n.Before(next) {
			next = n
		}
	}
	return next
}

func (s *Service) fire(name string, slot time.Time, log *slog.Logger) {
	task, err := s.Start(name, schedulerCaller())
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == api.KindBusy:
		log.Warn("replication scheduler: running, slot skipped", "task", name, "slot", slot, "running", ae.TaskID)
	case err != nil:
		log.Error("replication scheduler: not started", "task", name, "slot", slot, "err", err)
	default:
		log.Info("replication scheduler: started", "task", name, "slot", slot, "run", task.ID)
	}
}

// RunScheduler calls Tick until ctx ends, waking for the next slot, when
// a task changes, and at least once a minute.
func (s *Service) RunScheduler(ctx context.Context, log *slog.Logger) {
	for {
		wait := min(max(time.Until(s.Tick(time.Now(), log)), time.Second), time.Minute)
		select {
		case <-ctx.Done():
			return
		case <-s.changed:
		case <-time.After(wait):
		}
	}
}
