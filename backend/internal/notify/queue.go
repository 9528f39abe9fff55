package notify

import (
	"context"
	"time"

	"bams/backend/api"
)

// Run delivers queued notifications until ctx ends: every Options.Every,
// and at once when an alert was queued.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.o.Every)
	defer tick.Stop()
	for {
		s.Deliver(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wake:
		}
	}
}

// Retries wait 30 s, doubling up to an hour.
func backoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Deliver makes one pass over the queue, oldest first: it sends what is
// due and within its target's rate limit, reschedules what fails, and
// drops what is older than MaxAge or whose target is gone. After a failure
// a target's other notifications wait for the next pass: the relay that
// refused one would refuse them too.
func (s *Service) Deliver(ctx context.Context) {
	queued, _, err := s.o.Store.QueuedNotifications(s.o.MaxQueue)
	if err != nil {
		s.o.Log.Error("notify: reading the queue", "err", err)
		return
	}
	if len(queued) == 0 {
		return
	}
	list, err := s.o.Store.ListNotifyTargets()
	if err != nil {
		s.o.Log.Error("notify: reading targets", "err", err)
		return
	}
	targets := map[string]api.NotifyTarget{}
	for _, t := range list {
		targets[t.Name] = t
	}
	failed := map[string]bool{}
	for _, n := range queued {
		if ctx.Err() != nil {
			return
		}
		now := s.o.Now().UTC()
		t, ok := targets[n.Target]
		switch {
		case !ok:
			s.drop(n, "its target is gone")
			continue
		case now.Sub(n.Created) > s.o.MaxAge:
			s.drop(n, "not delivered within notifications.max_age; last error: "+n.LastError)
			continue
		case !t.Enabled || failed[t.Name] || n.NextAttempt.After(now) || !s.allow(t.Name, now):
			continue
		}
		sendCtx, cancel := context.WithTimeout(ctx, s.o.SendTimeout)
		err := s.send(sendCtx, t, n)
		cancel()
		if err == nil {
			if err := s.o.Store.DeleteNotification(n.ID); err != nil {
				s.o.Log.Error("notify: removing a delivered notification", "id", n.ID, "err", err)
			}
			s.o.Log.Info("notify: sent", "target", t.Name, "alert", n.Alert.ID, "event", n.Event)
			continue
		}
		failed[t.Name] = true
		n.Attempts++
		n.LastError = clip(err.Error())
		n.NextAttempt = now.Add(backoff(n.Attempts))
		s.o.Log.Warn("notify: sending failed, will retry", "target", t.Name, "alert", n.Alert.ID, "attempts", n.Attempts,
			"next", n.NextAttempt, "err", err)
		if err := s.o.Store.UpdateNotification(n); err != nil {
			s.o.Log.Error("notify: rescheduling", "id", n.ID, "err", err)
		}
	}
}

func (s *Service) drop(n api.Notification, why string) {
	s.o.Log.Warn("notify: notification dropped", "target", n.Target, "alert", n.Alert.ID, "event", n.Event, "why", why)
	if err := s.o.Store.DeleteNotification(n.ID); err != nil {
		s.o.Log.Error("notify: dropping", "id", n.ID, "err", err)
	}
}

// allow counts a send against the target's hourly rate, or says it must
// wait. Attempts count too: a failing relay is not hammered either.
func (s *Service) allow(target string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	recent := s.sent[target][:0]
	for _, t := range s.sent[target] {
		if now.Sub(t) < time.Hour {
			recent = append(recent, t)
		}
	}
	if len(recent) >= s.o.RatePerHour {
		s.sent[target] = recent
		return false
	}
	s.sent[target] = append(recent, now)
	return true
}

func clip(s string) string {
	if len(s) <= 512 {
		return s
	}
	return s[:512] + "…"
}
