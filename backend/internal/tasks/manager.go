// Package tasks runs long work in the background as persisted tasks:
// queued → running → succeeded | failed | cancelled, with typed progress,
// log lines, events, a stall watchdog, cancel, and recovery after a crash.
//
// A task kind is just a Func supplied by a feature service; the manager
// knows nothing of what the work is. Work that runs a child process reports
// its process group (Run.SetPGID) so cancel, shutdown and crash recovery
// reach every process it started.
package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/proc"
	"bams/backend/internal/store"
)

// Func is a task's work. It returns nil on success; it must return soon
// after ctx is cancelled.
type Func func(ctx context.Context, run *Run) error

// ReattachFunc resumes, after a bamsd restart, a task whose work lives
// outside bamsd (a Bacula job): t is the task as last stored, so what the
// kind recorded (its Target, its Result) tells it what to follow. It runs
// like a Func, under the same task id.
type ReattachFunc func(ctx context.Context, run *Run, t api.Task) error

// Reasons recorded on tasks that did not end by themselves.
var (
	ErrDaemonStopping = errors.New("daemon stopping")
	ErrDaemonCrashed  = errors.New("daemon stopped unexpectedly")
)

// ErrNotRunning: cancel of a task that already finished.
// Filter selects tasks for List and EachJSON (the store's filter, so the
// HTTP layer needs no store).
type Filter = store.TaskFilter

// ErrNotRunning: the task is not running (the API calls it a conflict).
var ErrNotRunning error = notRunning{}

type notRunning struct{}

func (notRunning) Error() string          { return "task is not running" }
func (notRunning) APIKind() api.ErrorKind { return api.KindConflict }

// Manager owns every task. Safe for concurrent use.
type Manager struct {
	store      *store.Store
	hub        *events.Hub
	log        *slog.Logger
	stallAfter time.Duration
	history    time.Duration

	mu       sync.Mutex
	stopping bool // Shutdown began: Start refuses
	running  map[string]*Run
	reattach map[string]ReattachFunc   // by kind
	crashed  map[string]func(api.Task) // by kind: see AfterCrash
	wg       sync.WaitGroup
	bootID   string
}

// Options configure a Manager.
type Options struct {
	StallAfter time.Duration // progress unchanged this long marks a task stalled
	History    time.Duration // finished tasks older than this are removed
	Log        *slog.Logger
}

// NewManager returns a manager over st, publishing to hub.
func NewManager(st *store.Store, hub *events.Hub, o Options) *Manager {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Manager{store: st, hub: hub, log: o.Log, stallAfter: o.StallAfter, history: o.History,
		running: map[string]*Run{}, reattach: map[string]ReattachFunc{}, crashed: map[string]func(api.Task){}, bootID: proc.BootID()}
}

// Start records a new task and runs fn in the background.
func (m *Manager) Start(kind, target, action string, by api.Caller, fn Func) (api.Task, error) {
	// Checked again under the lock below: a task registered after
	// Shutdown cancelled the running ones would outlive the store.
	if m.isStopping() {
		return api.Task{}, errStopping()
	}
	t := api.Task{Kind: kind, Target: target, Action: action, State: api.TaskQueued, By: by, Created: time.Now().UTC()}
	if err := m.store.CreateTask(&t); err != nil {
		return api.Task{}, err
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	run := &Run{m: m, task: t, cancel: cancel, lastMove: time.Now()}
	m.mu.Lock()
	if m.stopping {
		m.mu.Unlock()
		cancel(ErrDaemonStopping)
		now := time.Now().UTC()
		t.State, t.Error, t.Finished = api.TaskCancelled, ErrDaemonStopping.Error(), &now
		_ = m.store.PutTask(&t)
		return api.Task{}, errStopping()
	}
	m.running[t.ID] = run
	m.wg.Add(1)
	m.mu.Unlock()
	m.publish(api.EventTaskState, run.snapshot())
	go m.execute(ctx, run, fn)
	return t, nil
}

// errStopping is Start's answer once Shutdown began.
func errStopping() error {
	return &api.Error{Kind: api.KindStopping, Message: "bamsd is stopping: no new task starts"}
}

func (m *Manager) isStopping() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stopping
}

// Reattach registers how tasks of kind resume after a restart, for work
// that outlives bamsd. Such a task is not ended by a daemon stop (its Func
// sees ErrDaemonStopping as the cause and must leave the work running), and
// Recover resumes it with fn instead of failing it. Register before Recover.
func (m *Manager) Reattach(kind string, fn ReattachFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reattach[kind] = fn
}

func (m *Manager) reattachFor(kind string) ReattachFunc {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reattach[kind]
}

func (m *Manager) execute(ctx context.Context, run *Run, fn Func) {
	defer m.wg.Done()
	now := time.Now().UTC()
	run.update(func(t *api.Task) {
		t.State = api.TaskRunning
		if t.Started == nil { // a re-attached task keeps its start
			t.Started = &now
		}
	})
	run.persist(api.EventTaskState, true)

	err := safeCall(ctx, run, fn)

	if errors.Is(context.Cause(ctx), ErrDaemonStopping) && m.reattachFor(run.snapshot().Kind) != nil {
		// The work goes on without us: the record stays running, and the
		// next start re-attaches to it.
		run.Log("info", "daemon stopping: the task re-attaches at the next start")
		run.persist(api.EventTaskState, true)
		m.mu.Lock()
		delete(m.running, run.ID())
		m.mu.Unlock()
		return
	}

	run.update(func(t *api.Task) {
		end := time.Now().UTC()
		t.Finished = &end
		t.PGID, t.PGIDStart = 0, 0
		t.Stalled = false
		switch cause := context.Cause(ctx); {
		case err == nil:
			t.State = api.TaskSucceeded
			t.Progress.Percent = 100
		case cause != nil:
			t.State = api.TaskCancelled
			t.Error = cause.Error()
		default:
			t.State = api.TaskFailed
			t.Error = err.Error()
		}
	})
	snap := run.snapshot()
	if snap.State == api.TaskFailed {
		run.Log("error", snap.Error)
	}
	run.persist(api.EventTaskState, true)
	m.mu.Lock()
	delete(m.running, snap.ID)
	m.mu.Unlock()
	m.log.Info("task finished", "id", snap.ID, "kind", snap.Kind, "state", snap.State, "error", snap.Error)
}

// safeCall runs fn and turns a panic into a failed task, not a dead daemon.
func safeCall(ctx context.Context, run *Run, fn Func) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return fn(ctx, run)
}

// Get returns a task with its log. A running task shows its live progress.
func (m *Manager) Get(id string) (api.Task, error) {
	t, err := m.store.GetTask(id, true)
	if err != nil {
		return t, err
	}
	if run := m.lookup(id); run != nil {
		live := run.snapshot()
		live.Log = t.Log
		return live, nil
	}
	return t, nil
}

// List pages through tasks, newest first, with live progress for running ones.
func (m *Manager) List(f Filter, cursor string, limit int) ([]api.Task, string, error) {
	list, next, err := m.store.ListTasks(f, cursor, limit)
	if err != nil {
		return nil, "", err
	}
	for i := range list {
		if !list[i].State.Done() {
			if run := m.lookup(list[i].ID); run != nil {
				list[i] = run.snapshot()
			}
		}
	}
	return list, next, nil
}

// EachJSON is List as JSON, for the hot path of GET /tasks: fn gets each
// task's stored JSON (valid during the call only), except that running
// tasks, whose live progress is newer than their record, are encoded anew.
func (m *Manager) EachJSON(f Filter, cursor string, limit int, fn func(raw []byte)) (next string, err error) {
	return m.store.EachTaskJSON(f, cursor, limit, func(id string, raw []byte) error {
		if run := m.lookup(id); run != nil {
			live, err := json.Marshal(run.snapshot())
			if err != nil {
				return err
			}
			raw = live
		}
		fn(raw)
		return nil
	})
}

// Cancel asks a running task to stop; why is recorded as its reason.
func (m *Manager) Cancel(id string, why string) (api.Task, error) {
	run := m.lookup(id)
	if run == nil {
		if _, err := m.store.GetTask(id, false); err != nil {
			return api.Task{}, err
		}
		return api.Task{}, ErrNotRunning
	}
	run.Log("warn", why)
	run.cancel(errors.New(why))
	return run.snapshot(), nil
}

// Shutdown cancels every running task ("daemon stopping") and waits for
// them to record their end, or for ctx.
func (m *Manager) Shutdown(ctx context.Context) error {
	m.mu.Lock()
	m.stopping = true
	for _, run := range m.running {
		run.cancel(ErrDaemonStopping)
	}
	m.mu.Unlock()
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Recover runs once at start-up, before any new task: tasks the previous
// bamsd left queued or running died with it. A kind registered with
// Reattach resumes instead. For the others, their process groups are
// killed (only on the same boot, and only if the group is still ours) and
// they are marked failed.
func (m *Manager) Recover() error {
	stale, _, err := m.store.ListTasks(store.TaskFilter{States: []api.TaskState{api.TaskQueued, api.TaskRunning}}, "", 1<<30)
	if err != nil {
		return err
	}
	for _, t := range stale {
		if fn := m.reattachFor(t.Kind); fn != nil {
			m.resume(t, fn)
			continue
		}
		if t.PGID > 0 && t.BootID == m.bootID && groupIsOurs(t.PGID, t.PGIDStart) {
			killed := proc.KillGroup(t.PGID)
			m.log.Warn("killed leftover process group", "task", t.ID, "pgid", t.PGID, "found", killed)
			m.store.AppendTaskLog(t.ID, api.LogLine{Time: time.Now().UTC(), Level: "warn",
				Text: fmt.Sprintf("killed leftover process group %d", t.PGID)})
		}
		now := time.Now().UTC()
		t.State, t.Error, t.Finished, t.PGID, t.PGIDStart = api.TaskFailed, ErrDaemonCrashed.Error(), &now, 0, 0
		if err := m.store.PutTask(&t); err != nil {
			return err
		}
		m.store.AppendTaskLog(t.ID, api.LogLine{Time: now, Level: "error", Text: ErrDaemonCrashed.Error()})
		m.mu.Lock()
		after := m.crashed[t.Kind]
		m.mu.Unlock()
		if after != nil {
			after(t)
		}
	}
	return nil
}

// AfterCrash registers what a kind records for a task that bamsd's crash
// ended, once Recover has marked it failed: a backup's failed run, as any
// other failure leaves. Register before Recover.
func (m *Manager) AfterCrash(kind string, fn func(api.Task)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.crashed[kind] = fn
}

// resume runs a stored task again under its own id through fn.
func (m *Manager) resume(t api.Task, fn ReattachFunc) {
	m.log.Info("re-attaching task", "id", t.ID, "kind", t.Kind, "target", t.Target)
	ctx, cancel := context.WithCancelCause(context.Background())
	run := &Run{m: m, task: t, cancel: cancel, lastMove: time.Now()}
	m.mu.Lock()
	m.running[t.ID] = run
	m.mu.Unlock()
	run.Log("info", "bamsd restarted: re-attached")
	m.wg.Add(1)
	go m.execute(ctx, run, func(ctx context.Context, run *Run) error { return fn(ctx, run, t) })
}

// groupIsOurs: the group leader, if still alive, must be the very process
// we started (same start time). A group whose leader is gone but whose
// members live cannot have been recycled: Linux does not reuse a pid that
// is still a process group id.
func groupIsOurs(pgid int, start uint64) bool {
	st, err := proc.StartTime(pgid)
	if err != nil {
		return true // leader gone; KillGroup reports whether members remained
	}
	return st == start
}

// Maintain runs the stall watchdog and history pruning until ctx ends.
func (m *Manager) Maintain(ctx context.Context) {
	every := m.stallAfter / 4
	if every > 30*time.Second {
		every = 30 * time.Second
	}
	if every < 100*time.Millisecond {
		every = 100 * time.Millisecond
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			m.checkStalls(now)
			if now.Sub(lastPrune) > time.Hour {
				lastPrune = now
				if n, err := m.store.DeleteFinishedBefore(now.Add(-m.history)); err != nil {
					m.log.Error("pruning task history", "err", err)
				} else if n > 0 {
					m.log.Info("pruned task history", "removed", n)
				}
			}
		}
	}
}

func (m *Manager) checkStalls(now time.Time) {
	m.mu.Lock()
	runs := make([]*Run, 0, len(m.running))
	for _, r := range m.running {
		runs = append(runs, r)
	}
	m.mu.Unlock()
	for _, r := range runs {
		r.mu.Lock()
		stalled := r.task.State == api.TaskRunning && now.Sub(r.lastMove) >= m.stallAfter
		changed := stalled != r.task.Stalled
		r.task.Stalled = stalled
		r.mu.Unlock()
		if changed {
			if stalled {
				r.Log("warn", fmt.Sprintf("no progress for %s", m.stallAfter))
			}
			r.persist(api.EventTaskState, true)
		}
	}
}

func (m *Manager) lookup(id string) *Run {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.running[id]
}

func (m *Manager) publish(typ string, t api.Task) {
	m.hub.Publish(api.Event{Type: typ, Time: time.Now().UTC(), Task: &t})
}

// Run is the handle a task's Func uses to report.
type Run struct {
	m      *Manager
	cancel context.CancelCauseFunc

	mu            sync.Mutex
	task          api.Task
	lastMove      time.Time // last progress change, for the stall watchdog
	lastPublished time.Time
	lastStored    time.Time
}

// How often progress numbers alone are published and stored. Reads of a
// running task overlay its live state (Get, List), so the store needs them
// only to show where a task was if bamsd dies: every commit is an fsync,
// which a short backup would otherwise pay a dozen times.
const (
	publishEvery = 250 * time.Millisecond
	storeEvery   = 5 * time.Second
)

// ID is the task's id.
func (r *Run) ID() string { return r.snapshot().ID }

// Progress replaces the task's progress. Numbers alone are stored and
// published at most four times a second; a new step always is.
func (r *Run) Progress(p api.Progress) {
	r.mu.Lock()
	if p != r.task.Progress {
		r.lastMove = time.Now()
		r.task.Stalled = false
	}
	newStep := p.Step != r.task.Progress.Step
	r.task.Progress = p
	r.mu.Unlock()
	r.persist(api.EventTaskProgress, newStep)
}

// Log appends a line to the task's log (level: info, warn, error).
func (r *Run) Log(level, text string) {
	l := api.LogLine{Time: time.Now().UTC(), Level: level, Text: text}
	id := r.ID()
	if err := r.m.store.AppendTaskLog(id, l); err != nil {
		r.m.log.Error("task log", "task", id, "err", err)
	}
	t := api.Task{ID: id}
	r.m.hub.Publish(api.Event{Type: api.EventTaskLog, Time: l.Time, Task: &t, Log: &l})
}

// SetResult records the task's kind-specific outcome. Stored at once, so
// a task can record early what a re-attach after a restart needs.
func (r *Run) SetResult(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	r.update(func(t *api.Task) { t.Result = b })
	r.persist(api.EventTaskState, true)
	return nil
}

// SetPGID records the process group of the task's child (0 when it ends),
// so crash recovery can kill it. Stored at once.
func (r *Run) SetPGID(pgid int) {
	var start uint64
	if pgid > 0 {
		start, _ = proc.StartTime(pgid)
	}
	r.update(func(t *api.Task) {
		t.PGID, t.PGIDStart, t.BootID = pgid, start, r.m.bootID
	})
	r.persist(api.EventTaskState, true)
}

func (r *Run) update(f func(t *api.Task)) {
	r.mu.Lock()
	f(&r.task)
	r.mu.Unlock()
}

func (r *Run) snapshot() api.Task {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.task
}

// persist stores the task and publishes it: always when force (state or
// step changes), otherwise throttled (publishEvery, storeEvery), since
// progress can arrive many times a second.
func (r *Run) persist(typ string, force bool) {
	r.mu.Lock()
	now := time.Now()
	if !force && now.Sub(r.lastPublished) < publishEvery {
		r.mu.Unlock()
		return
	}
	r.lastPublished = now
	store := force || now.Sub(r.lastStored) >= storeEvery
	if store {
		r.lastStored = now
	}
	t := r.task
	r.mu.Unlock()
	if store {
		if err := r.m.store.PutTask(&t); err != nil {
			r.m.log.Error("saving task", "task", t.ID, "err", err)
		}
	}
	r.m.publish(typ, t)
}
