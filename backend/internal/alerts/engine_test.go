package alerts

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
)

// scripted answers one step of a test per check.
type scripted struct {
	conds []api.AlertCondition
	err   error
}

func (s *scripted) AlertConditions(context.Context) ([]api.AlertCondition, error) {
	return s.conds, s.err
}

var quiet = slog.New(slog.DiscardHandler)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newEngine(t *testing.T, st *store.Store, hub *events.Hub, c *clock, srcs ...Source) *Engine {
	t.Helper()
	e, err := New(Options{Store: st, Hub: hub, Sources: srcs, RaiseAfter: 3, ClearAfter: 2, Now: c.now, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var (
	full91 = api.AlertCondition{Class: "repository-usage", Subject: "repository/r1", Level: api.AlertCritical, Text: "repository r1 is 91% full"}
	full93 = api.AlertCondition{Class: "repository-usage", Subject: "repository/r1", Level: api.AlertCritical, Text: "repository r1 is 93% full"}
	full85 = api.AlertCondition{Class: "repository-usage", Subject: "repository/r1", Level: api.AlertWarning, Text: "repository r1 is 85% full"}
	broken = errors.New("zpool: no answer")
)

// step is one check: what the source says, an optional acknowledgement
// after it, and the state of repository/r1's alert (and of the source's
// check-failed alert) it must leave ("" = none open).
type step struct {
	conds      []api.AlertCondition
	err        error
	ack        bool
	want       api.AlertState
	wantText   string
	wantFailed api.AlertState
}

func TestStateMachine(t *testing.T) {
	on := []api.AlertCondition{full91}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"raised after three checks in a row", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive, wantText: full91.Text}}},
		{"a gap starts the count again", []step{
			{conds: on}, {conds: on}, {}, {conds: on}, {conds: on}, {conds: on, want: api.AlertActive}}},
		{"one identity while the figure changes", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive},
			{conds: []api.AlertCondition{full93}, want: api.AlertActive, wantText: full93.Text}}},
		{"cleared after two checks without it", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive},
			{want: api.AlertActive}, {want: ""}}},
		{"a single miss does not clear it", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive},
			{want: api.AlertActive}, {conds: on, want: api.AlertActive}, {want: api.AlertActive}, {conds: on, want: api.AlertActive}}},
		{"acknowledged stays until its condition ends", []step{
			{conds: on}, {conds: on}, {conds: on, ack: true, want: api.AlertAcknowledged},
			{conds: on, want: api.AlertAcknowledged}, {want: api.AlertAcknowledged}, {want: ""}}},
		{"a lower level keeps the acknowledgement", []step{
			{conds: on}, {conds: on}, {conds: on, ack: true, want: api.AlertAcknowledged},
			{conds: []api.AlertCondition{full85}, want: api.AlertAcknowledged, wantText: full85.Text}}},
		{"a higher level makes it active again", []step{
			{conds: []api.AlertCondition{full85}}, {conds: []api.AlertCondition{full85}}, {conds: []api.AlertCondition{full85}, ack: true, want: api.AlertAcknowledged},
			{conds: on, want: api.AlertActive, wantText: full91.Text}}},
		{"a failing check raises its own alert and clears nothing", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive},
			{err: broken, want: api.AlertActive}, {err: broken, want: api.AlertActive}, {err: broken, want: api.AlertActive, wantFailed: api.AlertActive},
			{err: broken, want: api.AlertActive, wantFailed: api.AlertActive},
			{conds: on, want: api.AlertActive, wantFailed: api.AlertActive}, {conds: on, want: api.AlertActive, wantFailed: ""}}},
		{"a failing check does not count as a miss in a row", []step{
			{conds: on}, {conds: on}, {conds: on, want: api.AlertActive},
			{want: api.AlertActive}, {err: broken, want: api.AlertActive}, {conds: on, want: api.AlertActive}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			src := &scripted{}
			c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
			e := newEngine(t, st, nil, c, Source{Name: "storage", Checker: src})
			for i, s := range tc.steps {
				c.t = c.t.Add(time.Minute)
				src.conds, src.err = s.conds, s.err
				e.Check(context.Background())
				if s.ack {
					a := openAlert(t, st, "repository-usage")
					if _, err := e.Acknowledge(a.ID, api.Caller{UID: 1000, User: "alice"}); err != nil {
						t.Fatalf("step %d: acknowledge: %v", i, err)
					}
				}
				got := openAlert(t, st, "repository-usage")
				if got.State != s.want {
					t.Fatalf("step %d: state %q, want %q", i, got.State, s.want)
				}
				if s.wantText != "" && got.Text != s.wantText {
					t.Fatalf("step %d: text %q, want %q", i, got.Text, s.wantText)
				}
				if f := openAlert(t, st, api.AlertCheckFailed); f.State != s.wantFailed {
					t.Fatalf("step %d: check-failed alert %q, want %q", i, f.State, s.wantFailed)
				}
			}
		})
	}
}

// openAlert is the one open alert of class, or a zero one.
func openAlert(t *testing.T, st *store.Store, class string) api.Alert {
	t.Helper()
	open, err := st.OpenAlerts()
	if err != nil {
		t.Fatal(err)
	}
	var found []api.Alert
	for _, a := range open {
		if a.Class == class {
			found = append(found, a)
		}
	}
	if len(found) > 1 {
		t.Fatalf("%d open alerts of class %s: %+v", len(found), class, found)
	}
	if len(found) == 0 {
		return api.Alert{}
	}
	return found[0]
}

func TestAlertRecordsWhoWhenAndHistory(t *testing.T) {
	st := openStore(t)
	hub := events.NewHub()
	sub := hub.Subscribe(16)
	src := &scripted{conds: []api.AlertCondition{full91}}
	t0 := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	c := &clock{t0}
	e := newEngine(t, st, hub, c, Source{Name: "storage", Checker: src})
	for i := 0; i < 3; i++ {
		c.t = c.t.Add(time.Minute)
		e.Check(context.Background())
	}
	raised := <-sub.C
	if raised.Type != api.EventAlert || raised.Alert.State != api.AlertActive || raised.Alert.ID == "" || !raised.Alert.Raised.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("raise event %+v", raised)
	}
	if e.ActiveCount() != 1 {
		t.Fatalf("active %d", e.ActiveCount())
	}
	c.t = c.t.Add(time.Minute)
	a, err := e.Acknowledge(raised.Alert.ID, api.Caller{UID: 1000, User: "alice"})
	if err != nil || a.Acknowledged.By.User != "alice" || !a.Acknowledged.Time.Equal(c.t) {
		t.Fatalf("ack %+v %v", a, err)
	}
	if ev := <-sub.C; ev.Alert.State != api.AlertAcknowledged || e.ActiveCount() != 0 {
		t.Fatalf("ack event %+v, active %d", ev, e.ActiveCount())
	}
	src.conds = nil
	for i := 0; i < 2; i++ {
		c.t = c.t.Add(time.Minute)
		e.Check(context.Background())
	}
	if ev := <-sub.C; ev.Alert.State != api.AlertCleared || !ev.Alert.Cleared.Equal(c.t) || ev.Alert.Acknowledged.By.User != "alice" {
		t.Fatalf("clear event %+v", ev.Alert)
	}
	if _, err := e.Acknowledge(raised.Alert.ID, api.Caller{}); !isKind(err, api.KindConflict) || !strings.Contains(err.Error(), "cleared") {
		t.Fatalf("ack of a cleared alert: %v", err)
	}
	if _, err := e.Acknowledge("999", api.Caller{}); !isKind(err, api.KindNotFound) {
		t.Fatalf("ack of no alert: %v", err)
	}
	// the same condition later is a new alert; the old one is history
	src.conds = []api.AlertCondition{full93}
	for i := 0; i < 3; i++ {
		c.t = c.t.Add(time.Minute)
		e.Check(context.Background())
	}
	l, err := e.List(store.AlertFilter{}, "", 10)
	if err != nil || len(l.Alerts) != 2 || l.Alerts[0].State != api.AlertActive || l.Alerts[1].State != api.AlertCleared || l.Active != 1 {
		t.Fatalf("list %+v %v", l, err)
	}
}

func isKind(err error, k api.ErrorKind) bool {
	var ae *api.Error
	return errors.As(err, &ae) && ae.Kind == k
}

// A restarted engine carries on with the alerts left open, and clears
// those of a source that is no longer checked.
func TestRestartKeepsOpenAlerts(t *testing.T) {
	st := openStore(t)
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	disk := &scripted{conds: []api.AlertCondition{full91}}
	tape := &scripted{conds: []api.AlertCondition{{Class: "drive-needs-cleaning", Subject: "drive/0", Level: api.AlertWarning, Text: "drive 0 needs cleaning"}}}
	e := newEngine(t, st, nil, c, Source{Name: "storage", Checker: disk}, Source{Name: "tape", Checker: tape})
	for i := 0; i < 3; i++ {
		e.Check(context.Background())
	}
	if e.ActiveCount() != 2 {
		t.Fatalf("active %d", e.ActiveCount())
	}
	e = newEngine(t, st, nil, c, Source{Name: "storage", Checker: disk})
	if e.ActiveCount() != 1 || openAlert(t, st, "drive-needs-cleaning").State != "" {
		t.Fatalf("after restart: active %d", e.ActiveCount())
	}
	disk.conds = nil
	e.Check(context.Background())
	e.Check(context.Background())
	if e.ActiveCount() != 0 {
		t.Fatal("the alert kept from before the restart was not cleared")
	}
}

// What a source reports is bounded and checked.
func TestBadConditionsAreBounded(t *testing.T) {
	st := openStore(t)
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	many := make([]api.AlertCondition, 0, maxConditions+10)
	for i := 0; i < maxConditions+10; i++ {
		many = append(many, api.AlertCondition{Class: "c", Subject: "s/" + strings.Repeat("x", i%200) + string(rune('a'+i%26)) + time.Duration(i).String(), Level: "loud", Text: strings.Repeat("t", 5000)})
	}
	many = append(many, api.AlertCondition{Class: "Bad Class", Subject: "s/1"}, api.AlertCondition{Class: "c"},
		api.AlertCondition{Class: api.AlertCheckFailed, Subject: "source/other"})
	e, err := New(Options{Store: st, Sources: []Source{{Name: "s", Checker: &scripted{conds: many}}}, Now: c.now, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e.Check(context.Background())
	l, _ := e.List(store.AlertFilter{}, "", 1000)
	if l.Active != maxConditions {
		t.Fatalf("%d alerts raised, want at most %d", l.Active, maxConditions)
	}
	for _, a := range l.Alerts {
		if a.Class != "c" || a.Level != api.AlertError || len(a.Text) > maxText+len("…") {
			t.Fatalf("alert not checked: class %q level %q text %d bytes", a.Class, a.Level, len(a.Text))
		}
	}
}

// A source that panics is a failed check, not a dead daemon.
func TestPanickingSourceIsAFailedCheck(t *testing.T) {
	st := openStore(t)
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	e, err := New(Options{Store: st, Sources: []Source{{Name: "tape", Checker: panicky{}}}, Now: c.now, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e.Check(context.Background())
	if a := openAlert(t, st, api.AlertCheckFailed); a.Subject != "source/tape" || !strings.Contains(a.Text, "panic") {
		t.Fatalf("check-failed alert %+v", a)
	}
}

type panicky struct{}

func (panicky) AlertConditions(context.Context) ([]api.AlertCondition, error) { panic("boom") }

// Options.Changed hears what happened, in order (notifications use it).
func TestChangedSaysWhatHappened(t *testing.T) {
	st := openStore(t)
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	src := &scripted{}
	var got []string
	e, err := New(Options{Store: st, Sources: []Source{{Name: "storage", Checker: src}}, Now: c.now, Log: quiet,
		Changed: func(a api.Alert, what api.AlertChange) { got = append(got, string(what)+" "+a.ID) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, conds := range [][]api.AlertCondition{{full85}, {full85}, {full91}, {full93}, nil} {
		src.conds = conds
		e.Check(context.Background())
		if len(got) == 3 {
			e.Acknowledge("1", api.Caller{User: "alice"})
		}
	}
	want := "raised 1,level-changed 1,text-changed 1,acknowledged 1,cleared 1"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
}

// A source whose tool is not installed has nothing to check: no
// check-failed alert, and what it reported before clears.
func TestMissingToolIsNothingToCheck(t *testing.T) {
	st := openStore(t)
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	src := &scripted{conds: []api.AlertCondition{full91}}
	e := newEngine(t, st, nil, c, Source{Name: "tape", Checker: src})
	for i := 0; i < 3; i++ {
		e.Check(context.Background())
	}
	src.conds, src.err = nil, &execx.MissingError{Tool: "lsscsi"}
	for i := 0; i < 3; i++ {
		e.Check(context.Background())
	}
	if open, _ := st.OpenAlerts(); len(open) != 0 {
		t.Fatalf("open alerts with the tool missing: %+v", open)
	}
}
