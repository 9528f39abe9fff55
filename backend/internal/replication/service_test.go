package replication

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// newService is the service over the pair's two fake machines.
func newService(t *testing.T, p *pair) *Service {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	return New(Options{Store: st, Tasks: m, Runner: p.r, SSHKey: p.remote.KeyFile, Location: time.UTC})
}

func validTask() api.ReplicationConfig {
	return api.ReplicationConfig{Name: "offsite", Kind: api.ReplicationZFS, Source: "tank/web", Enabled: true,
		Target: api.ReplicationTarget{Address: "192.0.2.7", User: "bams", Dataset: "backup/web"}}
}

func kindOf(err error) (api.ErrorKind, string) {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind, ae.Field
	}
	return "", ""
}

func waitDone(t *testing.T, s *Service, id string) api.Task {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		task, err := s.tasks.Get(id)
		if err == nil && task.State != api.TaskQueued && task.State != api.TaskRunning {
			return task
		}
	}
	t.Fatalf("task %s did not end", id)
	return api.Task{}
}

// acceptKey stands in for the scan-and-accept flow (ssh's own tests hold it).
func acceptKey(t *testing.T, s *Service, name string) {
	t.Helper()
	if _, err := s.store.UpdateReplication(name, func(r *api.ReplicationTask) error { r.HostKey = "SHA256:test"; return nil }); err != nil {
		t.Fatal(err)
	}
}

func TestCreateRefusesBadFieldsNamingThem(t *testing.T) {
	s := newService(t, newPair(t))
	cases := map[string]func(*api.ReplicationConfig){
		"name":            func(r *api.ReplicationConfig) { r.Name = "Off Site" },
		"kind":            func(r *api.ReplicationConfig) { r.Kind = "rsync" },
		"source":          func(r *api.ReplicationConfig) { r.Source = "tank/web@snap" },
		"target.dataset":  func(r *api.ReplicationConfig) { r.Target.Dataset = "backup" },
		"target.address":  func(r *api.ReplicationConfig) { r.Target.Address = "-oProxyCommand=x" },
		"target.user":     func(r *api.ReplicationConfig) { r.Target.User = "root;" },
		"target.port":     func(r *api.ReplicationConfig) { r.Target.Port = 70000 },
		"cron":            func(r *api.ReplicationConfig) { r.Cron = "every day" },
		"keep_target":     func(r *api.ReplicationConfig) { r.KeepTarget = -1 },
		"bandwidth_limit": func(r *api.ReplicationConfig) { r.BandwidthLimit = -5 },
		"target.folder":   func(r *api.ReplicationConfig) { r.Target.Folder = "/srv/x" },
	}
	for field, change := range cases {
		r := validTask()
		change(&r)
		_, err := s.Create(r)
		if k, f := kindOf(err); k != api.KindBadRequest || f != field {
			t.Errorf("%s: %v (%s %s)", field, err, k, f)
		}
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("a refused create stored %+v", list)
	}
}

func TestRunsAreRecordedAndOneRunsAtATime(t *testing.T) {
	p := newPair(t)
	s := newService(t, p)
	if _, err := s.Create(validTask()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Start("offsite", api.Caller{User: "root"}); err == nil || !strings.Contains(err.Error(), "accept-key") {
		t.Fatalf("a run before the host key was accepted: %v", err)
	}
	acceptKey(t, s, "offsite")
	st := p.src.Load()
	st.SendPace = 50
	p.src.Save(st)
	task, err := s.Start("offsite", api.Caller{User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Start("offsite", api.Caller{User: "root"})
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindBusy || ae.TaskID != task.ID {
		t.Fatalf("a second start while running: %v, want busy naming %s", err, task.ID)
	}
	if got, _ := s.Get("offsite"); got.State != api.ReplicationRunning || got.RunningTask != task.ID {
		t.Errorf("while running: state %s task %s", got.State, got.RunningTask)
	}
	if done := waitDone(t, s, task.ID); done.State != api.TaskSucceeded {
		t.Fatalf("run: %+v", done)
	}
	got, _ := s.Get("offsite")
	if got.State != api.ReplicationOK || got.LastRun == nil || got.LastRun.TaskID != task.ID || got.BytesSent == 0 ||
		!strings.HasPrefix(got.Common, "repl-offsite-") || got.CommonTime == nil || len(got.History) != 1 {
		t.Errorf("after the run: %+v", got)
	}
}

func TestNoCommonSnapshotFailsTheRunAndRaisesAnAlert(t *testing.T) {
	p := newPair(t)
	st := p.dst.Load()
	st.Datasets["backup/web"] = fs()
	p.dst.Save(st)
	s := newService(t, p)
	if _, err := s.Create(validTask()); err != nil {
		t.Fatal(err)
	}
	acceptKey(t, s, "offsite")
	task, err := s.Start("offsite", api.Caller{User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	if done := waitDone(t, s, task.ID); done.State != api.TaskFailed || !strings.Contains(done.Error, "no common snapshot") {
		t.Fatalf("run: %+v", done)
	}
	conds, err := AlertSource{Service: s}.AlertConditions(context.Background())
	if err != nil || len(conds) != 1 || conds[0].Class != "replication-no-common" || conds[0].Subject != "replication/offsite" {
		t.Fatalf("conditions %+v %v", conds, err)
	}
	if got, _ := s.Get("offsite"); got.State != api.ReplicationError || got.LastRun.ErrorKind != "no-common" {
		t.Errorf("record %+v", got.LastRun)
	}
}

func TestSchedulerStartsDueTasks(t *testing.T) {
	p := newPair(t)
	s := newService(t, p)
	r := validTask()
	r.Cron = "@hourly"
	created, err := s.Create(r)
	if err != nil || created.NextRun == nil {
		t.Fatalf("%+v %v", created, err)
	}
	acceptKey(t, s, "offsite")
	s.Tick(created.NextRun.Add(-time.Second), quiet)
	if got, _ := s.Get("offsite"); got.State == api.ReplicationRunning || got.LastRun != nil {
		t.Fatal("ran before its slot")
	}
	s.Tick(created.NextRun.Add(time.Second), quiet)
	got, _ := s.Get("offsite")
	if got.RunningTask == "" && got.LastRun == nil {
		t.Fatal("the due slot started nothing")
	}
	id := got.RunningTask
	if id == "" {
		id = got.LastRun.TaskID
	}
	waitDone(t, s, id)
}
