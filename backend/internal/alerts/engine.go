// Package alerts is the alert engine. Features say what is wrong now
// (AlertConditions); the engine asks each source periodically, raises an
// alert once a condition was found in RaiseAfter consecutive checks (so a
// blip never pages anyone), keeps it while checks find it (its level and
// text follow the condition), and clears it after ClearAfter consecutive
// checks that do not. Alerts and their history live in the store; every
// change is published on the events hub and handed to Options.Changed.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/store"
)

// Checker is a feature's periodic check.
type Checker interface {
	AlertConditions(ctx context.Context) ([]api.AlertCondition, error)
}

// Source is one named check (the name is the alerts' Source).
type Source struct {
	Name    string
	Checker Checker
}

// Options configure an Engine. Zero values take the defaults below.
type Options struct {
	Store   *store.Store
	Hub     *events.Hub
	Sources []Source
	// Every is the time between checks; CheckTimeout bounds one source's.
	Every        time.Duration
	CheckTimeout time.Duration
	RaiseAfter   int // consecutive checks that find a condition before it is raised
	ClearAfter   int // consecutive checks that do not before it is cleared
	// Cleared alerts are kept HistoryMaxAge and at most HistoryMax alerts
	// are stored (open ones always are).
	HistoryMax    int
	HistoryMaxAge time.Duration
	Now           func() time.Time
	Log           *slog.Logger
	// Changed is called with each alert and what happened to it (raised,
	// level or text changed, acknowledged, cleared), outside the engine's
	// lock: notifications.
	Changed func(api.Alert, api.AlertChange)
}

// Bounds on what one source may report in one check, so a faulty or
// hostile source cannot make the engine hold or store without limit.
const (
	maxConditions = 1000
	maxText       = 1024
	maxSubject    = 256
)

var classPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)

// Engine owns the alerts. Safe for concurrent use.
type Engine struct {
	o Options

	mu        sync.Mutex
	tracked   map[key]*track
	lastPrune time.Time
}

type key struct{ source, class, subject string }

// track is what the engine remembers of one identity between checks.
type track struct {
	found  int        // consecutive checks that found it, until raised
	missed int        // consecutive checks that did not, once raised
	alert  *api.Alert // nil until raised
}

// New returns an engine over the alerts left open by the previous run.
// Open alerts of a source no longer configured are cleared: nothing would
// ever check them again.
func New(o Options) (*Engine, error) {
	if o.Every <= 0 {
		o.Every = time.Minute
	}
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = o.Every
	}
	o.RaiseAfter, o.ClearAfter = max(o.RaiseAfter, 1), max(o.ClearAfter, 1)
	if o.HistoryMax <= 0 {
		o.HistoryMax = 10000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	e := &Engine{o: o, tracked: map[key]*track{}}
	open, err := o.Store.OpenAlerts()
	if err != nil {
		return nil, fmt.Errorf("reading open alerts: %w", err)
	}
	known := map[string]bool{}
	for _, s := range o.Sources {
		known[s.Name] = true
	}
	var gone []*api.Alert
	now := o.Now().UTC()
	for i := range open {
		a := &open[i]
		if !known[a.Source] {
			a.State, a.Cleared = api.AlertCleared, &now
			gone = append(gone, a)
			continue
		}
		e.tracked[key{a.Source, a.Class, a.Subject}] = &track{alert: a}
	}
	if err := o.Store.SaveAlerts(gone); err != nil {
		return nil, err
	}
	return e, nil
}

// Run checks every Options.Every until ctx ends, the first time at once.
func (e *Engine) Run(ctx context.Context) {
	tick := time.NewTicker(e.o.Every)
	defer tick.Stop()
	for {
		e.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Check asks every source once and applies what they found. Tests call it
// directly with the clock they gave in Options.
func (e *Engine) Check(ctx context.Context) {
	for _, src := range e.o.Sources {
		found, scope := e.ask(ctx, src)
		changed, err := e.apply(src.Name, found, scope)
		if err != nil {
			e.o.Log.Error("alerts: saving", "source", src.Name, "err", err)
		}
		e.announce(changed)
	}
	e.prune()
}

// ask runs one source's check. It returns the conditions found and which
// identities the check answered for: all the source's when it worked,
// only its check-failed alert when it failed (its other alerts stay as
// they are: a failed check says nothing about them).
func (e *Engine) ask(ctx context.Context, src Source) (map[key]api.AlertCondition, func(key) bool) {
	ctx, cancel := context.WithTimeout(ctx, e.o.CheckTimeout)
	defer cancel()
	conds, err := safeCheck(ctx, src.Checker)
	failed := key{src.Name, api.AlertCheckFailed, "source/" + src.Name}
	// A feature whose tool is not installed is not in use here (no tape
	// library without lsscsi): it has nothing to report, which is no failure.
	var kinded interface{ APIKind() api.ErrorKind }
	if errors.As(err, &kinded) && kinded.APIKind() == api.KindToolMissing {
		e.o.Log.Debug("alerts: source has no tool here", "source", src.Name, "err", err)
		conds, err = nil, nil
	}
	if err != nil {
		e.o.Log.Warn("alerts: check failed", "source", src.Name, "err", err)
		return map[key]api.AlertCondition{failed: {Class: failed.class, Subject: failed.subject, Level: api.AlertError,
			Text: clip(fmt.Sprintf("checking %s failed: %v", src.Name, err))}}, func(k key) bool { return k == failed }
	}
	found := map[key]api.AlertCondition{}
	for i, c := range conds {
		if i == maxConditions {
			e.o.Log.Warn("alerts: source reported too many conditions; the rest are ignored", "source", src.Name, "count", len(conds))
			break
		}
		if !classPattern.MatchString(c.Class) || c.Class == api.AlertCheckFailed || c.Subject == "" || len(c.Subject) > maxSubject {
			e.o.Log.Warn("alerts: condition ignored (bad class or subject)", "source", src.Name, "class", c.Class, "subject", c.Subject)
			continue
		}
		if c.Level.Rank() == 0 {
			c.Level = api.AlertError
		}
		c.Text = clip(c.Text)
		found[key{src.Name, c.Class, c.Subject}] = c
	}
	return found, func(k key) bool { return k.source == src.Name }
}

// safeCheck turns a panicking source into a failed check.
func safeCheck(ctx context.Context, c Checker) (conds []api.AlertCondition, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.AlertConditions(ctx)
}

func clip(s string) string {
	if len(s) <= maxText {
		return s
	}
	return s[:maxText] + "…"
}

// apply moves each identity the check answered for one step, saves the
// alerts that changed (one transaction) and returns them.
func (e *Engine) apply(source string, found map[key]api.AlertCondition, scope func(key) bool) ([]changedAlert, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.o.Now().UTC()
	var save []*api.Alert
	var changed []change
	for k, c := range found {
		t := e.tracked[k]
		if t == nil {
			t = &track{}
			e.tracked[k] = t
		}
		t.missed = 0
		if t.alert == nil {
			if t.found++; t.found < e.o.RaiseAfter {
				continue
			}
			t.alert = &api.Alert{Source: source, Class: c.Class, Subject: c.Subject, Level: c.Level, Text: c.Text,
				State: api.AlertActive, Raised: now, LastSeen: now}
			save = append(save, t.alert)
			changed = append(changed, change{t.alert, api.AlertRaised})
			continue
		}
		a := t.alert
		a.LastSeen = now
		save = append(save, a)
		if a.Level == c.Level && a.Text == c.Text {
			continue
		}
		what := api.AlertReworded
		if a.Level != c.Level {
			what = api.AlertLeveled
		}
		// A worse level needs someone's attention again.
		if a.State == api.AlertAcknowledged && c.Level.Rank() > a.Level.Rank() {
			a.State, a.Acknowledged = api.AlertActive, nil
		}
		a.Level, a.Text = c.Level, c.Text
		changed = append(changed, change{a, what})
	}
	for k, t := range e.tracked {
		if _, ok := found[k]; ok || !scope(k) {
			continue
		}
		if t.alert == nil {
			delete(e.tracked, k) // not consecutive: start again
			continue
		}
		if t.missed++; t.missed < e.o.ClearAfter {
			continue
		}
		t.alert.State, t.alert.Cleared = api.AlertCleared, &now
		save = append(save, t.alert)
		changed = append(changed, change{t.alert, api.AlertEnded})
		delete(e.tracked, k)
	}
	err := e.o.Store.SaveAlerts(save) // gives raised alerts their ids
	out := make([]changedAlert, len(changed))
	for i, c := range changed {
		out[i] = changedAlert{*c.alert, c.what}
	}
	return out, err
}

type change struct {
	alert *api.Alert
	what  api.AlertChange
}

// changedAlert is a change as announced: a copy taken under the lock.
type changedAlert struct {
	alert api.Alert
	what  api.AlertChange
}

func (e *Engine) announce(changed []changedAlert) {
	for _, c := range changed {
		a := c.alert
		if e.o.Hub != nil {
			e.o.Hub.Publish(api.Event{Type: api.EventAlert, Time: e.o.Now().UTC(), Alert: &a})
		}
		if e.o.Changed != nil {
			e.o.Changed(a, c.what)
		}
	}
}

// prune drops old history, at most once an hour.
func (e *Engine) prune() {
	now := e.o.Now()
	e.mu.Lock()
	due := now.Sub(e.lastPrune) >= time.Hour
	if due {
		e.lastPrune = now
	}
	e.mu.Unlock()
	if !due {
		return
	}
	cutoff := time.Time{}
	if e.o.HistoryMaxAge > 0 {
		cutoff = now.Add(-e.o.HistoryMaxAge)
	}
	if n, err := e.o.Store.PruneAlerts(cutoff, e.o.HistoryMax); err != nil {
		e.o.Log.Error("alerts: pruning history", "err", err)
	} else if n > 0 {
		e.o.Log.Info("alerts: pruned history", "removed", n)
	}
}

// List returns a page of alerts, newest first, with the active count.
func (e *Engine) List(f store.AlertFilter, cursor string, limit int) (api.AlertList, error) {
	list, next, err := e.o.Store.ListAlerts(f, cursor, limit)
	if errors.Is(err, store.ErrNotFound) {
		return api.AlertList{}, &api.Error{Kind: api.KindBadRequest, Field: "cursor", Message: "cursor must be a value from a previous page's next"}
	}
	if err != nil {
		return api.AlertList{}, err
	}
	return api.AlertList{Alerts: list, Next: next, Active: e.ActiveCount()}, nil
}

// ActiveCount is the number of alerts raised and not acknowledged.
func (e *Engine) ActiveCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, t := range e.tracked {
		if t.alert != nil && t.alert.State == api.AlertActive {
			n++
		}
	}
	return n
}

// Acknowledge marks an open alert as seen by who. Acknowledging an
// acknowledged alert changes nothing; a cleared one is a conflict.
func (e *Engine) Acknowledge(id string, who api.Caller) (api.Alert, error) {
	e.mu.Lock()
	var a *api.Alert
	for _, t := range e.tracked {
		if t.alert != nil && t.alert.ID == id {
			a = t.alert
		}
	}
	if a == nil {
		e.mu.Unlock()
		old, err := e.o.Store.GetAlert(id)
		if errors.Is(err, store.ErrNotFound) {
			return api.Alert{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no alert %s", id)}
		}
		if err != nil {
			return api.Alert{}, err
		}
		msg := fmt.Sprintf("alert %s was cleared: nothing to acknowledge", id)
		if old.Cleared != nil {
			msg = fmt.Sprintf("alert %s was cleared at %s: nothing to acknowledge", id, old.Cleared.UTC().Format(time.RFC3339))
		}
		return api.Alert{}, &api.Error{Kind: api.KindConflict, Message: msg}
	}
	if a.State == api.AlertAcknowledged {
		out := *a
		e.mu.Unlock()
		return out, nil
	}
	prev := *a
	a.State, a.Acknowledged = api.AlertAcknowledged, &api.AlertAck{By: who, Time: e.o.Now().UTC()}
	if err := e.o.Store.SaveAlerts([]*api.Alert{a}); err != nil {
		*a = prev
		e.mu.Unlock()
		return api.Alert{}, err
	}
	out := *a
	e.mu.Unlock()
	e.announce([]changedAlert{{out, api.AlertAcked}})
	return out, nil
}

// Open returns a copy of every alert raised and not cleared (metrics).
func (e *Engine) Open() []api.Alert {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []api.Alert
	for _, t := range e.tracked {
		if t.alert != nil {
			out = append(out, *t.alert)
		}
	}
	return out
}

// Filter selects alerts in List (zero fields match all).
type Filter = store.AlertFilter

// Get returns one alert, open or cleared.
func (e *Engine) Get(id string) (api.Alert, error) {
	a, err := e.o.Store.GetAlert(id)
	if errors.Is(err, store.ErrNotFound) {
		return a, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no alert %s", id)}
	}
	return a, err
}
