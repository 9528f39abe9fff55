package snaptasks

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
)

// schedulerCaller identifies scheduled runs in tasks and the audit trail.
func schedulerCaller() api.Caller { return api.Caller{UID: 0, User: "scheduler"} }

// Tick does what is due at now, as the backup scheduler does
// (cronslot.Latest): for each enabled task whose next slot has come, one
// run, however many slots passed while bamsd was down, named for the
// newest of them; a slot that finds its task still running is skipped,
// never queued. It returns when the next slot of any task is due.
func (s *Service) Tick(now time.Time, log *slog.Logger) (next time.Time) {
	now = now.In(s.loc)
	next = now.Add(time.Hour)
	list, err := s.store.ListSnapTasks()
	if err != nil {
		log.Error("snapshot tasks: reading tasks", "err", err)
		return now.Add(time.Minute)
	}
	for _, t := range list {
		spec, err := cronslot.Parse(t.Cron)
		if err != nil || !t.Enabled || t.LastSlot == nil {
			continue
		}
		if due := cronslot.Latest(spec, t.LastSlot.In(s.loc), now); !due.IsZero() {
			s.fire(t, due, log)
			t.LastSlot = &due
			s.saveSlot(t.Name, due, log)
		}
		if n := spec.Next(t.LastSlot.In(s.loc)); n.Before(next) {
			next = n
		}
	}
	return next
}

func (s *Service) fire(t api.SnapTask, slot time.Time, log *slog.Logger) {
	task, err := s.startRun(t, slot, schedulerCaller())
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == api.KindBusy:
		log.Warn("snapshot tasks: still running, slot skipped", "task", t.Name, "slot", slot, "running", ae.TaskID)
	case err != nil:
		log.Error("snapshot tasks: run not started", "task", t.Name, "slot", slot, "err", err)
	default:
		log.Info("snapshot tasks: run started", "task", t.Name, "slot", slot, "id", task.ID)
	}
}

// saveSlot records the slot handled, on the record as it is now (an
// update or the run's note may have changed it since the list).
func (s *Service) saveSlot(name string, slot time.Time, log *slog.Logger) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.store.GetSnapTask(name)
	if err != nil {
		return
	}
	if t.LastSlot != nil && t.LastSlot.After(slot) {
		return // changed since: its times start later
	}
	at := slot.UTC()
	t.LastSlot = &at
	if err := s.store.PutSnapTask(t, false); err != nil {
		log.Error("snapshot tasks: saving the slot", "task", name, "err", err)
	}
}

// RunScheduler calls Tick until ctx ends, waking for the next due slot,
// when a task changes, and at least once a minute.
func (s *Service) RunScheduler(ctx context.Context, log *slog.Logger) {
	for {
		wait := min(max(time.Until(s.Tick(time.Now(), log)), time.Second), time.Minute)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(wait):
		}
	}
}
