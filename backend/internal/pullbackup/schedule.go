package pullbackup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
	"bams/backend/internal/store"
)

// schedulerCaller identifies scheduled runs in tasks and the audit trail.
func schedulerCaller() api.Caller { return api.Caller{UID: 0, User: "scheduler"} }

// SetSchedule validates and stores a host's schedule. Its slots start
// from now: setting a schedule never runs slots of the past.
func (s *Service) SetSchedule(host string, sc api.Schedule, now time.Time) (api.Schedule, error) {
	if _, err := s.Host(host); err != nil {
		return api.Schedule{}, err
	}
	spec, err := cronslot.Parse(sc.Cron)
	if err != nil {
		return api.Schedule{}, invalid("cron", "%q is not a cron expression (minute hour day month weekday, or @daily, @every 6h): %v", sc.Cron, err)
	}
	sc.Host = host
	last := now.In(s.loc)
	if old, err := s.store.GetSchedule(host); err == nil && old.Cron == sc.Cron && old.LastSlot != nil {
		last = *old.LastSlot // same times: keep its place
	}
	sc.LastSlot = &last
	sc.NextRun = nil
	if err := s.store.PutSchedule(sc); err != nil {
		return api.Schedule{}, err
	}
	select { // wake the scheduler: the new times count at once
	case s.scheduleChanged <- struct{}{}:
	default:
	}
	return s.withNext(sc, spec), nil
}

// Schedules lists every host's schedule with its next run.
func (s *Service) Schedules() ([]api.Schedule, error) {
	list, err := s.store.ListSchedules()
	if err != nil {
		return nil, err
	}
	for i, sc := range list {
		if spec, err := cronslot.Parse(sc.Cron); err == nil {
			list[i] = s.withNext(sc, spec)
		}
	}
	return list, nil
}

func (s *Service) withNext(sc api.Schedule, spec cron.Schedule) api.Schedule {
	if sc.Enabled && sc.LastSlot != nil {
		next := spec.Next(sc.LastSlot.In(s.loc))
		sc.NextRun = &next
	}
	return sc
}

// Tick does what is due at now: for each enabled schedule whose next slot
// has come, one backup, however many slots passed while bamsd was down;
// a slot that finds its host busy is skipped, never queued. The clock is
// the argument, so tests drive it; bamsd's loop calls it with time.Now.
// It returns when the next slot of any schedule is due.
func (s *Service) Tick(now time.Time, log *slog.Logger) (next time.Time) {
	list, err := s.store.ListSchedules()
	if err != nil {
		log.Error("scheduler: reading schedules", "err", err)
		return now.Add(time.Minute)
	}
	now = now.In(s.loc)
	next = now.Add(time.Hour)
	for _, sc := range list {
		spec, err := cronslot.Parse(sc.Cron)
		if err != nil || !sc.Enabled || sc.LastSlot == nil {
			continue
		}
		due := cronslot.Latest(spec, sc.LastSlot.In(s.loc), now)
		if !due.IsZero() {
			s.fire(sc, due, log)
			sc.LastSlot = &due
			if err := s.store.PutSchedule(sc); err != nil {
				log.Error("scheduler: saving schedule", "host", sc.Host, "err", err)
			}
		}
		if n := spec.Next(sc.LastSlot.In(s.loc)); n.Before(next) {
			next = n
		}
	}
	return next
}

func (s *Service) fire(sc api.Schedule, slot time.Time, log *slog.Logger) {
	if h, err := s.store.GetHost(sc.Host); err != nil || !h.Enabled {
		log.Info("scheduler: host disabled, slot skipped", "host", sc.Host, "slot", slot)
		return
	}
	task, err := s.StartBackup(sc.Host, api.KindScheduled, sc.Prune, schedulerCaller())
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == api.KindBusy:
		log.Warn("scheduler: host busy, slot skipped", "host", sc.Host, "slot", slot, "running", ae.TaskID)
	case err != nil:
		log.Error("scheduler: backup not started", "host", sc.Host, "slot", slot, "err", err)
	default:
		log.Info("scheduler: backup started", "host", sc.Host, "slot", slot, "task", task.ID)
	}
}

// RunScheduler calls Tick until ctx ends, waking for the next due slot,
// when a schedule changes, and at least once a minute.
func (s *Service) RunScheduler(ctx context.Context, log *slog.Logger) {
	for {
		wait := time.Until(s.Tick(time.Now(), log))
		if wait > time.Minute {
			wait = time.Minute
		}
		if wait < time.Second {
			wait = time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-s.scheduleChanged:
		case <-time.After(wait):
		}
	}
}

// Schedule returns a host's schedule.
func (s *Service) Schedule(host string) (api.Schedule, error) {
	if _, err := s.Host(host); err != nil {
		return api.Schedule{}, err
	}
	sc, err := s.store.GetSchedule(host)
	if errors.Is(err, store.ErrNotFound) {
		return api.Schedule{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("host %s has no schedule", host)}
	}
	if err != nil {
		return api.Schedule{}, err
	}
	spec, err := cronslot.Parse(sc.Cron)
	if err != nil {
		return sc, nil
	}
	return s.withNext(sc, spec), nil
}
