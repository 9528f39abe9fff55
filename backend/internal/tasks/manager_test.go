package tasks

import (
	"context"
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/proc"
	"bams/backend/internal/store"
	"bams/backend/internal/testutil/fakecmd"
)

func newManager(t *testing.T, stall time.Duration) (*Manager, *store.Store, *events.Hub) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hub := events.NewHub()
	return NewManager(st, hub, Options{StallAfter: stall, History: time.Hour}), st, hub
}

func waitDone(t *testing.T, m *Manager, id string) api.Task {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		task, err := m.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if task.State.Done() {
			return task
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("task %s did not finish", id)
	return api.Task{}
}

var root = api.Caller{UID: 0, User: "root"}

func TestSucceedAndFail(t *testing.T) {
	m, _, hub := newManager(t, time.Hour)
	sub := hub.Subscribe(100)
	ok, _ := m.Start("k", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		r.Progress(api.Progress{Percent: 50, Step: "half"})
		r.Log("info", "working")
		return r.SetResult([]string{"a"})
	})
	bad, _ := m.Start("k", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		return errors.New("boom")
	})
	panicky, _ := m.Start("k", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error { panic("oops") })
	got := waitDone(t, m, ok.ID)
	if got.State != api.TaskSucceeded || got.Progress.Percent != 100 || string(got.Result) != `["a"]` || got.Started == nil || got.Finished == nil {
		t.Fatalf("ok task: %+v", got)
	}
	if len(got.Log) != 1 || got.Log[0].Text != "working" {
		t.Fatalf("log %+v", got.Log)
	}
	if got := waitDone(t, m, bad.ID); got.State != api.TaskFailed || got.Error != "boom" {
		t.Fatalf("bad task: %+v", got)
	}
	if got := waitDone(t, m, panicky.ID); got.State != api.TaskFailed {
		t.Fatalf("a panic must fail the task: %+v", got)
	}
	seen := map[string]bool{}
	for len(sub.C) > 0 {
		e := <-sub.C
		seen[e.Type] = true
	}
	for _, typ := range []string{api.EventTaskState, api.EventTaskLog} {
		if !seen[typ] {
			t.Errorf("no %s event published", typ)
		}
	}
}

// Cancel kills the child's whole process group and records the reason.
func TestCancelKillsProcessGroup(t *testing.T) {
	m, _, _ := newManager(t, time.Hour)
	fake := fakecmd.New(t)
	fake.Script("slow", "sleep 60 & sleep 60; wait")
	runner := &execx.Runner{Path: fake.Path}
	pgids := make(chan int, 1)
	task, _ := m.Start("slow", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		_, err := runner.Run(ctx, execx.Cmd{Name: "slow", Timeout: -1, OnStart: func(pgid int) {
			r.SetPGID(pgid)
			pgids <- pgid
		}})
		return err
	})
	pgid := <-pgids
	if rec, _ := m.Get(task.ID); rec.PGID != pgid || rec.PGIDStart == 0 || rec.BootID == "" {
		t.Fatalf("pgid not recorded: %+v", rec)
	}
	if _, err := m.Cancel(task.ID, "cancelled by root"); err != nil {
		t.Fatal(err)
	}
	got := waitDone(t, m, task.ID)
	if got.State != api.TaskCancelled || got.Error != "cancelled by root" || got.PGID != 0 {
		t.Fatalf("%+v", got)
	}
	if err := syscall.Kill(-pgid, 0); err == nil {
		waitGroupGone(t, pgid)
	}
	if _, err := m.Cancel(task.ID, "again"); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("cancel of a finished task: %v", err)
	}
	if _, err := m.Cancel("999", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cancel of an unknown task: %v", err)
	}
}

// waitGroupGone waits until no live (non-zombie) process is in group pgid.
func waitGroupGone(t *testing.T, pgid int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if !groupHasLiveMember(pgid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process group %d still has live members", pgid)
}

func TestShutdownCancelsAsDaemonStopping(t *testing.T) {
	m, _, _ := newManager(t, time.Hour)
	task, _ := m.Start("k", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		<-ctx.Done()
		return ctx.Err()
	})
	time.Sleep(20 * time.Millisecond)
	if err := m.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ := m.Get(task.ID)
	if got.State != api.TaskCancelled || got.Error != "daemon stopping" {
		t.Fatalf("%+v", got)
	}
}

// A task left running by a crashed daemon is failed on the next start,
// and its process group (still ours) is killed.
func TestRecoverAfterCrash(t *testing.T) {
	m, st, hub := newManager(t, time.Hour)
	fake := fakecmd.New(t)
	fake.Script("slow", "exec sleep 60")
	// Simulate the dead daemon's record: a task running with a live group.
	pgids := make(chan int, 2)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	for range 2 {
		go (&execx.Runner{Path: fake.Path}).Run(ctx, execx.Cmd{Name: "slow", Timeout: 20 * time.Second,
			OnStart: func(pgid int) { pgids <- pgid }})
	}
	pgid, recycled := <-pgids, <-pgids
	start, _ := proc.StartTime(pgid)
	orphan := api.Task{Kind: "slow", State: api.TaskRunning, PGID: pgid, PGIDStart: start, BootID: proc.BootID()}
	st.CreateTask(&orphan)
	// A recycled pgid (the leader's start time differs from the record) is
	// someone else's group: a group of this test's own, so a regression
	// cannot signal anything on the machine.
	other := api.Task{Kind: "slow", State: api.TaskRunning, PGID: recycled, PGIDStart: 12345, BootID: proc.BootID()}
	st.CreateTask(&other)

	m2 := NewManager(st, hub, Options{StallAfter: time.Hour, History: time.Hour})
	if err := m2.Recover(); err != nil {
		t.Fatal(err)
	}
	_ = m
	for _, id := range []string{orphan.ID, other.ID} {
		got, _ := m2.Get(id)
		if got.State != api.TaskFailed || got.Error != "daemon stopped unexpectedly" {
			t.Fatalf("task %s: %+v", id, got)
		}
	}
	waitGroupGone(t, pgid)
	if !groupHasLiveMember(recycled) {
		t.Fatalf("the recycled group %d was signalled", recycled)
	}
}

func TestStallWatchdog(t *testing.T) {
	m, _, _ := newManager(t, 150*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Maintain(ctx)
	moved := make(chan struct{})
	task, _ := m.Start("k", "", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		<-moved
		r.Progress(api.Progress{Percent: 10})
		<-ctx.Done()
		return ctx.Err()
	})
	waitFor(t, func() bool { got, _ := m.Get(task.ID); return got.Stalled })
	close(moved)
	waitFor(t, func() bool { got, _ := m.Get(task.ID); return !got.Stalled })
	m.Cancel(task.ID, "done")
	waitDone(t, m, task.ID)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A kind registered with Reattach outlives a daemon stop: its record stays
// running with what it stored, and the next manager resumes it under the
// same id (keeping its start) while other kinds are failed as usual.
func TestReattachAfterRestart(t *testing.T) {
	m, st, hub := newManager(t, time.Hour)
	follow := func(ctx context.Context, r *Run, _ api.Task) error { return nil }
	m.Reattach("external", follow)
	task, _ := m.Start("external", "job:7", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		if err := r.SetResult(map[string]int{"jobid": 7}); err != nil {
			return err
		}
		<-ctx.Done()
		return ctx.Err()
	})
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if got, _ := st.GetTask(task.ID, false); string(got.Result) != "" {
			break // SetResult is stored at once
		} else if time.Now().After(deadline) {
			t.Fatal("SetResult was not stored")
		}
	}
	if err := m.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored, _ := st.GetTask(task.ID, false)
	if stored.State != api.TaskRunning || string(stored.Result) != `{"jobid":7}` {
		t.Fatalf("after a daemon stop: %+v", stored)
	}
	plain := api.Task{Kind: "plain", State: api.TaskRunning}
	st.CreateTask(&plain)

	m2 := NewManager(st, hub, Options{StallAfter: time.Hour, History: time.Hour})
	seen := make(chan api.Task, 1)
	m2.Reattach("external", func(ctx context.Context, r *Run, t api.Task) error {
		seen <- t
		r.Progress(api.Progress{BytesDone: 10})
		return errors.New("job 7 ended: error")
	})
	if err := m2.Recover(); err != nil {
		t.Fatal(err)
	}
	if got := <-seen; got.ID != task.ID || string(got.Result) != `{"jobid":7}` || got.Target != "job:7" {
		t.Fatalf("re-attach got %+v", got)
	}
	got := waitDone(t, m2, task.ID)
	if got.State != api.TaskFailed || got.Error != "job 7 ended: error" || !got.Started.Equal(*stored.Started) {
		t.Fatalf("re-attached task ended %+v", got)
	}
	if p, _ := m2.Get(plain.ID); p.State != api.TaskFailed || p.Error != "daemon stopped unexpectedly" {
		t.Fatalf("unregistered kind: %+v", p)
	}
}

// Once Shutdown began, Start refuses and runs nothing: a task started
// after the running ones were cancelled would outlive the store.
func TestStartRefusedAfterShutdown(t *testing.T) {
	m, _, _ := newManager(t, time.Hour)
	if err := m.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ran := make(chan struct{}, 1)
	_, err := m.Start("k", "", api.ActionOperate, root, func(context.Context, *Run) error { ran <- struct{}{}; return nil })
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindStopping {
		t.Fatalf("Start after Shutdown: %v", err)
	}
	select {
	case <-ran:
		t.Fatal("the task ran")
	case <-time.After(50 * time.Millisecond):
	}
}
