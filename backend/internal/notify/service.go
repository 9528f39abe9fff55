// Package notify sends alerts to people: email through an SMTP relay and
// webhooks. The alert engine hands it every change (Alert); each enabled
// target whose matchers let the alert through gets a notification in the
// persistent retry queue (bbolt), which a worker delivers, retrying with
// back-off while the relay or receiver is down and holding to a rate limit
// per target. Nothing is sent from the engine's goroutine.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Options configure the service. Zero values take the defaults.
type Options struct {
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// RatePerHour is how many notifications one target is sent per hour;
	// the rest wait in the queue.
	RatePerHour int
	// MaxAge: a notification not delivered by then is dropped (logged).
	MaxAge time.Duration
	// MaxQueue bounds the queue; the oldest go first.
	MaxQueue int
	// Every is how often the worker looks at the queue.
	Every time.Duration
	// SendTimeout bounds one delivery.
	SendTimeout time.Duration
	// HTTP sends webhooks (nil: one that follows no redirect).
	HTTP *http.Client
	// Hostname names this appliance in messages.
	Hostname string
}

// Service owns the targets and the queue. Safe for concurrent use.
type Service struct {
	o    Options
	wake chan struct{}

	mu   sync.Mutex
	sent map[string][]time.Time // per target: sends within the last hour
}

// New returns the service.
func New(o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RatePerHour <= 0 {
		o.RatePerHour = 60
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 72 * time.Hour
	}
	if o.MaxQueue <= 0 {
		o.MaxQueue = 10000
	}
	if o.Every <= 0 {
		o.Every = 10 * time.Second
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = 30 * time.Second
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Hostname == "" {
		o.Hostname = "bams"
	}
	return &Service{o: o, wake: make(chan struct{}, 1), sent: map[string][]time.Time{}}
}

// notifies says which changes are worth a message: an acknowledgement
// or a reworded text ("91%" → "93% full") is not.
func notifies(what api.AlertChange) bool {
	return what == api.AlertRaised || what == api.AlertLeveled || what == api.AlertEnded
}

func matches(t api.NotifyTarget, a api.Alert) bool {
	return t.Enabled && a.Level.Rank() >= t.MinLevel.Rank() && (len(t.Classes) == 0 || slices.Contains(t.Classes, a.Class))
}

// Alert queues a notification of a's change for every target that wants
// it (the alert engine's Changed callback).
func (s *Service) Alert(a api.Alert, what api.AlertChange) {
	if !notifies(what) {
		return
	}
	targets, err := s.o.Store.ListNotifyTargets()
	if err != nil {
		s.o.Log.Error("notify: reading targets", "err", err)
		return
	}
	now := s.o.Now().UTC()
	var list []api.Notification
	for _, t := range targets {
		if matches(t, a) {
			list = append(list, api.Notification{Target: t.Name, Event: what, Alert: a, Created: now, NextAttempt: now})
		}
	}
	if len(list) == 0 {
		return
	}
	dropped, err := s.o.Store.QueueNotifications(list, s.o.MaxQueue)
	if err != nil {
		s.o.Log.Error("notify: queueing", "alert", a.ID, "err", err)
		return
	}
	if dropped > 0 {
		s.o.Log.Warn("notify: queue full, oldest notifications dropped", "dropped", dropped)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Queue lists the oldest waiting notifications.
func (s *Service) Queue(limit int) (api.NotifyQueue, error) {
	list, total, err := s.o.Store.QueuedNotifications(limit)
	return api.NotifyQueue{Notifications: list, Total: total}, err
}

// Test sends a test notification to target now, past the queue and the
// rate limit, and says whether it went.
func (s *Service) Test(ctx context.Context, name string) (api.NotifyTestResult, error) {
	t, err := s.target(name)
	if err != nil {
		return api.NotifyTestResult{}, err
	}
	now := s.o.Now().UTC()
	a := api.Alert{ID: "0", Source: "notify", Class: "notification-test", Subject: "target/" + name, Level: api.AlertInfo,
		Text: fmt.Sprintf("a test notification from %s to %s", s.o.Hostname, name), State: api.AlertActive, Raised: now, LastSeen: now}
	ctx, cancel := context.WithTimeout(ctx, s.o.SendTimeout)
	defer cancel()
	res := api.NotifyTestResult{Target: name, Sent: true}
	if err := s.send(ctx, t, api.Notification{Target: name, Event: api.NotifyTest, Alert: a, Created: now}); err != nil {
		res.Sent, res.Error = false, err.Error()
	}
	return res, nil
}

func (s *Service) target(name string) (api.NotifyTarget, error) {
	t, err := s.o.Store.GetNotifyTarget(name)
	if errors.Is(err, store.ErrNotFound) {
		return t, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no notification target %q", name)}
	}
	return t, err
}

// send delivers one notification to its target.
func (s *Service) send(ctx context.Context, t api.NotifyTarget, n api.Notification) error {
	switch {
	case t.Kind == api.NotifyEmail && t.Email != nil:
		return sendEmail(ctx, *t.Email, s.o.Hostname, n)
	case t.Kind == api.NotifyWebhook && t.Webhook != nil:
		return sendWebhook(ctx, s.o.HTTP, *t.Webhook, api.NotifyPayload{Event: n.Event, Time: s.o.Now().UTC(), Target: t.Name, Alert: n.Alert})
	}
	return fmt.Errorf("target %s has no %s settings", t.Name, t.Kind)
}
