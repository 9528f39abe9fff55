package snaptasks

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testutil/fakezfs"
)

// auditLog collects the records the service writes.
type auditLog struct {
	mu   sync.Mutex
	recs []api.AuditRecord
}

func (a *auditLog) add(r api.AuditRecord) { a.mu.Lock(); a.recs = append(a.recs, r); a.mu.Unlock() }

func (a *auditLog) paths() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, r := range a.recs {
		out = append(out, r.Path)
	}
	return out
}

// zfsWorld: pool tank with tank/data and tank/data/child, and on
// tank/data snapshots of every kind of owner: none (made by hand),
// another task, and this task ("hourly"), one of them held.
func zfsWorld() fakezfs.State {
	day := int64(86400)
	base := time.Now().Unix() - 30*day
	fs := func() *fakezfs.Dataset { return &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{}} }
	snap := func(at int64, owner string) *fakezfs.Dataset {
		d := &fakezfs.Dataset{Type: "snapshot", Creation: at, Props: map[string]string{}, Used: 4096}
		if owner != "" {
			d.Props["bams:owner"] = owner
		}
		return d
	}
	return fakezfs.State{
		Pools: map[string]*fakezfs.Pool{"tank": {ID: "1", Health: "ONLINE", Size: 1 << 30}},
		Datasets: map[string]*fakezfs.Dataset{
			"tank": fs(), "tank/data": fs(), "tank/data/child": fs(),
			"tank/data@by-hand":           snap(base, ""),
			"tank/data@other-task":        snap(base+day, "snaptask:nightly"),
			"tank/data@auto-held":         snap(base+2*day, "snaptask:hourly"),
			"tank/data@auto-1":            snap(base+3*day, "snaptask:hourly"),
			"tank/data@auto-2":            snap(base+4*day, "snaptask:hourly"),
			"tank/data@auto-3":            snap(base+5*day, "snaptask:hourly"),
			"tank/data/child@child-alone": snap(base+5*day, "snaptask:hourly"),
		},
		Holds: map[string][]string{"tank/data@auto-held": {"bams:replication:offsite"}},
		Clock: time.Now().Unix() - 60,
	}
}

type env struct {
	s     *Service
	fake  *fakezfs.Fake
	audit *auditLog
	mgr   *tasks.Manager
}

func newEnv(t *testing.T, st fakezfs.State, share float64) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mgr := tasks.NewManager(db, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { mgr.Shutdown(context.Background()) })
	f := fakezfs.New(t, st)
	a := &auditLog{}
	s := New(Options{Store: db, Tasks: mgr, Runner: &execx.Runner{Path: f.Path, Timeout: 10 * time.Second},
		Location: time.UTC, MaxDeleteShare: share, Audit: a.add})
	return &env{s: s, fake: f, audit: a, mgr: mgr}
}

func hourly(target string) api.SnapTask {
	return api.SnapTask{Name: "hourly", Kind: api.SnapTaskZFS, Target: target, Cron: "0 * * * *", Enabled: true,
		Retention: api.RetentionPolicy{KeepLast: 2}}
}

func (e *env) wait(t *testing.T, id string) api.Task {
	t.Helper()
	for i := 0; i < 1000; i++ {
		got, err := e.mgr.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != api.TaskQueued && got.State != api.TaskRunning {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("task %s did not finish", id)
	return api.Task{}
}

func (e *env) snapshots() map[string]string {
	out := map[string]string{}
	for n, d := range e.fake.Load().Datasets {
		if d.Type == "snapshot" {
			out[n] = d.Props["bams:owner"]
		}
	}
	return out
}

func errKind(err error) (api.ErrorKind, string) {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind, ae.Field
	}
	return "", ""
}

// The plan of a task lists only the snapshots it owns: one made by hand
// and one of another task are never in it (they are listed as not its
// own), a held one is kept naming its hold, and a run takes a snapshot
// with the task's owner, then destroys exactly what the plan deleted,
// one audit record each.
func TestZFSRunTouchesOnlyTheTasksOwnSnapshots(t *testing.T) {
	e := newEnv(t, zfsWorld(), 0.5)
	ctx := context.Background()
	if _, err := e.s.Create(ctx, hourly("tank/data"), time.Now()); err != nil {
		t.Fatal(err)
	}
	plan, err := e.s.Plan(ctx, "hourly", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	verdict := map[string]api.RetentionDecision{}
	for _, d := range plan.Snapshots {
		verdict[d.Name] = d
	}
	if len(verdict) != 4 || verdict["auto-1"].Action != "delete" || verdict["auto-2"].Action != "keep" || verdict["auto-3"].Action != "keep" {
		t.Errorf("plan: %+v", plan.Snapshots)
	}
	if d := verdict["auto-held"]; d.Action != "keep" || !slices.Contains(d.Reasons, "held by bams:replication:offsite") {
		t.Errorf("held snapshot: %+v", d)
	}
	var notOwned []string
	for _, o := range plan.NotOwned {
		notOwned = append(notOwned, o.Name+"="+o.Owner)
	}
	if !slices.Equal(notOwned, []string{"by-hand=", "other-task=snaptask:nightly"}) {
		t.Errorf("not owned: %v", notOwned)
	}

	task, err := e.s.StartRun("hourly", api.Caller{UID: 0, User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	done := e.wait(t, task.ID)
	if done.State != api.TaskSucceeded {
		t.Fatalf("run: %s %s", done.State, done.Error)
	}
	taken := render(DefaultNaming, time.Now())
	snaps := e.snapshots()
	if snaps["tank/data@"+taken] != "snaptask:hourly" {
		t.Errorf("the run's snapshot %s: %v", taken, snaps)
	}
	for _, gone := range []string{"tank/data@auto-1", "tank/data@auto-2"} {
		if _, ok := snaps[gone]; ok {
			t.Errorf("%s was not pruned", gone)
		}
	}
	for _, kept := range []string{"tank/data@by-hand", "tank/data@other-task", "tank/data@auto-held", "tank/data@auto-3", "tank/data/child@child-alone"} {
		if _, ok := snaps[kept]; !ok {
			t.Errorf("%s was destroyed", kept)
		}
	}
	if got := e.audit.paths(); !slices.Equal(got, []string{"/api/v1/snaptasks/hourly/snapshots/auto-1", "/api/v1/snaptasks/hourly/snapshots/auto-2"}) {
		t.Errorf("audit: %v", got)
	}
	if got, _ := e.s.Get("hourly"); got.LastTask != task.ID {
		t.Errorf("last task %q, want %s", got.LastTask, task.ID)
	}
}

// A recursive task snapshots the dataset and its descendants under one
// name, and prunes them together (destroy -r); a hold on a descendant's
// snapshot keeps the whole set.
func TestZFSRecursiveTaskPrunesDescendantsTogether(t *testing.T) {
	st := zfsWorld()
	st.Datasets["tank/data/child@auto-1"] = &fakezfs.Dataset{Type: "snapshot", Creation: st.Datasets["tank/data@auto-1"].Creation, Props: map[string]string{"bams:owner": "snaptask:hourly"}}
	st.Datasets["tank/data/child@auto-2"] = &fakezfs.Dataset{Type: "snapshot", Creation: st.Datasets["tank/data@auto-2"].Creation, Props: map[string]string{"bams:owner": "snaptask:hourly"}}
	st.Holds["tank/data/child@auto-1"] = []string{"admin"}
	e := newEnv(t, st, 1)
	task := hourly("tank/data")
	task.Recursive, task.Retention = true, api.RetentionPolicy{KeepLast: 1}
	if _, err := e.s.Create(context.Background(), task, time.Now()); err != nil {
		t.Fatal(err)
	}
	run, err := e.s.StartRun("hourly", api.Caller{})
	if err != nil {
		t.Fatal(err)
	}
	if done := e.wait(t, run.ID); done.State != api.TaskSucceeded {
		t.Fatalf("run: %s %s", done.State, done.Error)
	}
	snaps := e.snapshots()
	taken := render(DefaultNaming, time.Now())
	if snaps["tank/data@"+taken] != "snaptask:hourly" || snaps["tank/data/child@"+taken] != "snaptask:hourly" {
		t.Errorf("recursive snapshot %s: %v", taken, snaps)
	}
	for _, gone := range []string{"tank/data@auto-2", "tank/data/child@auto-2", "tank/data@auto-3"} {
		if _, ok := snaps[gone]; ok {
			t.Errorf("%s was not pruned", gone)
		}
	}
	for _, kept := range []string{"tank/data@auto-1", "tank/data/child@auto-1", "tank/data@by-hand", "tank/data@other-task"} {
		if _, ok := snaps[kept]; !ok {
			t.Errorf("%s was destroyed", kept)
		}
	}
}

// An apply goes only with the token of the plan reviewed and within
// max_delete and the share of the task's snapshots; each refusal is a
// 409 naming its field and deletes nothing.
func TestApplyIsGuarded(t *testing.T) {
	e := newEnv(t, zfsWorld(), 0.25)
	ctx := context.Background()
	task := hourly("tank/data")
	task.Retention = api.RetentionPolicy{KeepLast: 1}
	if _, err := e.s.Create(ctx, task, time.Now()); err != nil {
		t.Fatal(err)
	}
	plan, err := e.s.Plan(ctx, "hourly", time.Time{})
	if err != nil || plan.Delete != 2 {
		t.Fatalf("plan deletes %d: %v", plan.Delete, err)
	}
	before := e.snapshots()
	for _, c := range []struct {
		req   api.SnapTaskApply
		kind  api.ErrorKind
		field string
	}{
		{api.SnapTaskApply{MaxDelete: 5}, api.KindBadRequest, "plan_token"},
		{api.SnapTaskApply{PlanToken: plan.PlanToken}, api.KindBadRequest, "max_delete"},
		{api.SnapTaskApply{PlanToken: "stale", MaxDelete: 5}, api.KindConflict, "plan_token"},
		{api.SnapTaskApply{PlanToken: plan.PlanToken, MaxDelete: 1}, api.KindConflict, "max_delete"},
	} {
		if _, err := e.s.StartApply(ctx, "hourly", c.req, api.Caller{}); !(func() bool { k, f := errKind(err); return k == c.kind && f == c.field })() {
			t.Errorf("%+v: %v, want %s on %s", c.req, err, c.kind, c.field)
		}
	}
	// minimum 1 deletes 2 of the 4: over the share of 0.25.
	task.Retention = api.RetentionPolicy{Minimum: 1}
	if _, err := e.s.Update(ctx, "hourly", task, time.Now()); err != nil {
		t.Fatal(err)
	}
	plan, _ = e.s.Plan(ctx, "hourly", time.Time{})
	if _, err := e.s.StartApply(ctx, "hourly", api.SnapTaskApply{PlanToken: plan.PlanToken, MaxDelete: 10}, api.Caller{}); !(func() bool { k, f := errKind(err); return k == api.KindConflict && f == "max_delete" })() {
		t.Errorf("share guard: %v", err)
	}
	if !maps(before, e.snapshots()) {
		t.Error("a refused apply changed snapshots")
	}
	task.Retention = api.RetentionPolicy{KeepLast: 2}
	if _, err := e.s.Update(ctx, "hourly", task, time.Now()); err != nil {
		t.Fatal(err)
	}
	plan, _ = e.s.Plan(ctx, "hourly", time.Time{})
	applied, err := e.s.StartApply(ctx, "hourly", api.SnapTaskApply{PlanToken: plan.PlanToken, MaxDelete: 1}, api.Caller{User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if done := e.wait(t, applied.ID); done.State != api.TaskSucceeded || done.Kind != ApplyTaskKind {
		t.Fatalf("apply: %+v", done)
	}
	if _, ok := e.snapshots()["tank/data@auto-1"]; ok {
		t.Error("apply did not destroy auto-1")
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Bad input is a 400 naming the field, and nothing is stored.
func TestCreateNamesTheBadField(t *testing.T) {
	e := newEnv(t, zfsWorld(), 0.5)
	ctx := context.Background()
	for field, mod := range map[string]func(*api.SnapTask){
		"name":                  func(t *api.SnapTask) { t.Name = "-x" },
		"kind":                  func(t *api.SnapTask) { t.Kind = "lvm" },
		"target":                func(t *api.SnapTask) { t.Target = "tank/nope" },
		"cron":                  func(t *api.SnapTask) { t.Cron = "every hour" },
		"naming":                func(t *api.SnapTask) { t.Naming = "auto-%Y-%m-%d" },
		"retention.keep_last":   func(t *api.SnapTask) { t.Retention.KeepLast = -1 },
		"retention.keep_within": func(t *api.SnapTask) { t.Retention.KeepWithin = "7" },
	} {
		task := hourly("tank/data")
		mod(&task)
		if _, err := e.s.Create(ctx, task, time.Now()); func() string { _, f := errKind(err); return f }() != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if list, _ := e.s.List(); len(list) != 0 {
		t.Errorf("refused creates stored %v", list)
	}
	if _, err := e.s.Create(ctx, hourly("tank/data"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Create(ctx, hourly("tank/data"), time.Now()); func() api.ErrorKind { k, _ := errKind(err); return k }() != api.KindConflict {
		t.Errorf("a second task of that name: %v", err)
	}
	moved := hourly("tank/data/child")
	if _, err := e.s.Update(ctx, "hourly", moved, time.Now()); func() string { _, f := errKind(err); return f }() != "target" {
		t.Errorf("changing the target: %v", err)
	}
}

// A run whose snapshot cannot be taken fails with the reason and prunes
// nothing; deleting the task keeps its snapshots.
func TestFailedRunPrunesNothingAndDeleteKeepsSnapshots(t *testing.T) {
	e := newEnv(t, zfsWorld(), 1)
	if _, err := e.s.Create(context.Background(), hourly("tank/data"), time.Now()); err != nil {
		t.Fatal(err)
	}
	st := e.fake.Load()
	st.Datasets["tank/data@"+render(DefaultNaming, time.Now())] = &fakezfs.Dataset{Type: "snapshot", Props: map[string]string{}}
	e.fake.Save(st)
	before := e.snapshots()
	run, err := e.s.StartRun("hourly", api.Caller{})
	if err != nil {
		t.Fatal(err)
	}
	done := e.wait(t, run.ID)
	if done.State != api.TaskFailed || !containsAll(done.Error, "not taken", "dataset already exists") {
		t.Errorf("run: %s %q", done.State, done.Error)
	}
	if !maps(before, e.snapshots()) {
		t.Error("a failed run changed snapshots")
	}
	if _, err := e.s.Delete("hourly"); err != nil {
		t.Fatal(err)
	}
	if !maps(before, e.snapshots()) {
		t.Error("deleting the task changed snapshots")
	}
}

// The scheduler, on a clock the test drives: nothing before the first
// slot; after five hours down, one run named for the newest slot missed.
func TestSchedulerRunsOnceForSlotsMissed(t *testing.T) {
	e := newEnv(t, zfsWorld(), 1)
	t0 := time.Date(2026, 12, 2, 10, 20, 0, 0, time.UTC)
	if _, err := e.s.Create(context.Background(), hourly("tank/data"), t0); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if next := e.s.Tick(t0.Add(30*time.Minute), log); !next.Equal(time.Date(2026, 12, 2, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("next %v", next)
	}
	if got, _ := e.s.Get("hourly"); got.LastTask != "" {
		t.Fatalf("a run before the first slot: %s", got.LastTask)
	}
	e.s.Tick(t0.Add(5*time.Hour), log) // 15:20: slots 11:00 to 15:00 missed
	got, _ := e.s.Get("hourly")
	if got.LastTask == "" || !got.LastSlot.Equal(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("after the downtime: %+v", got)
	}
	if done := e.wait(t, got.LastTask); done.State != api.TaskSucceeded {
		t.Fatalf("scheduled run: %s %s", done.State, done.Error)
	}
	if _, ok := e.snapshots()["tank/data@auto-2026-12-02_15-00"]; !ok {
		t.Errorf("no snapshot named for the 15:00 slot: %v", e.snapshots())
	}
	runs, _, _ := e.mgr.List(tasks.Filter{Kind: RunTaskKind}, "", 100)
	if len(runs) != 1 {
		t.Errorf("%d runs for five missed slots, want 1", len(runs))
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// A prune after a run that breaks the share limit fails the run saying
// the snapshot was taken and why nothing was pruned.
func TestRunWhosePruneIsRefusedFailsClearly(t *testing.T) {
	e := newEnv(t, zfsWorld(), 0.25)
	task := hourly("tank/data")
	task.Retention = api.RetentionPolicy{KeepLast: 1}
	if _, err := e.s.Create(context.Background(), task, time.Now()); err != nil {
		t.Fatal(err)
	}
	run, err := e.s.StartRun("hourly", api.Caller{})
	if err != nil {
		t.Fatal(err)
	}
	done := e.wait(t, run.ID)
	taken := render(DefaultNaming, time.Now())
	if done.State != api.TaskFailed || !containsAll(done.Error, "snapshot "+taken+" taken; pruning", "retention.max_delete_share") {
		t.Errorf("run: %s %q", done.State, done.Error)
	}
	snaps := e.snapshots()
	for _, kept := range []string{"tank/data@" + taken, "tank/data@auto-1", "tank/data@auto-2", "tank/data@auto-3"} {
		if _, ok := snaps[kept]; !ok {
			t.Errorf("%s is missing", kept)
		}
	}
	if len(e.audit.paths()) != 0 {
		t.Errorf("a refused prune audited deletions: %v", e.audit.paths())
	}
}
