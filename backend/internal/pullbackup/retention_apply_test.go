package pullbackup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// seeded is a host with snapshots on disk and in the records.
type seeded struct {
	s     *Service
	names []string // oldest first
}

// seedSnapshots makes n complete hourly snapshots of web1, each based on
// the one before, each with a data file and its metadata file.
func seedSnapshots(t *testing.T, n int) *seeded {
	t.Helper()
	s := newService(t)
	if _, err := s.CreateHost(validHost()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepLast: n / 2, MaxDelete: 100}); err != nil {
		t.Fatal(err)
	}
	seed := &seeded{s: s}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		seed.add(t, start.Add(time.Duration(i)*time.Hour), api.SnapshotComplete)
	}
	return seed
}

func (sd *seeded) add(t *testing.T, at time.Time, state string) api.Snapshot {
	t.Helper()
	snap := api.Snapshot{Host: "web1", Name: snapstore.Name(at), Kind: api.KindScheduled, State: state, Started: &at}
	if len(sd.names) > 0 {
		snap.Base = sd.names[len(sd.names)-1]
	}
	if state == api.SnapshotComplete {
		snap.NewBytes = 100
		dir := filepath.Join(hostDirOf(t, sd.s, "web1"), snap.Name)
		if err := os.MkdirAll(filepath.Join(dir, "etc"), 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "etc", "hosts"), []byte(snap.Name), 0o600)
		if err := snapstore.NewTree(hostDirOf(t, sd.s, "web1")).SetMetadata(snap); err != nil {
			t.Fatal(err)
		}
		sd.names = append(sd.names, snap.Name)
	}
	if err := sd.s.store.PutSnapshot(snap); err != nil {
		t.Fatal(err)
	}
	return snap
}

func (sd *seeded) plan(t *testing.T) api.RetentionPlan {
	t.Helper()
	p, err := sd.s.RetentionPlan("web1", PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (sd *seeded) onDisk(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(hostDirOf(t, sd.s, "web1"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func waitDone(t *testing.T, s *Service, id string) api.Task {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		task, err := s.tasks.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if task.State.Done() {
			return task
		}
	}
	t.Fatalf("task %s did not finish", id)
	return api.Task{}
}

func admin() api.Caller { return api.Caller{UID: 0, User: "root", PID: 1} }

func TestApplyDeletesOnlyWhatThePlanDeletes(t *testing.T) {
	sd := seedSnapshots(t, 8)
	failed := sd.add(t, time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), api.SnapshotFailed)
	// a folder going by the failed record's name is not the failed run's:
	// deleting the record must leave it alone
	stray := filepath.Join(hostDirOf(t, sd.s, "web1"), failed.Name)
	os.Mkdir(stray, 0o700)
	staging := filepath.Join(hostDirOf(t, sd.s, "web1"), snapstore.StagingName("7"))
	os.Mkdir(staging, 0o700)
	// a symlink inside a doomed snapshot is removed, never followed
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o600)
	os.Symlink(outside, filepath.Join(hostDirOf(t, sd.s, "web1"), sd.names[0], "etc", "link"))

	plan := sd.plan(t)
	if plan.Delete != 5 || plan.Keep != 4 || plan.FreedBytesEstimate != 400 || plan.Snapshots[0].Name != sd.names[7] {
		t.Fatalf("plan: delete %d keep %d freed %d first %s", plan.Delete, plan.Keep, plan.FreedBytesEstimate, plan.Snapshots[0].Name)
	}
	task, err := sd.s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 5}, admin())
	if err != nil {
		t.Fatal(err)
	}
	if task = waitDone(t, sd.s, task.ID); task.State != api.TaskSucceeded || task.Kind != RetentionTaskKind || task.Action != api.ActionManage {
		t.Fatalf("task: %+v", task)
	}
	for _, name := range sd.names[:4] {
		if _, err := os.Lstat(filepath.Join(hostDirOf(t, sd.s, "web1"), name)); !os.IsNotExist(err) {
			t.Errorf("%s still on disk: %v", name, err)
		}
		if _, err := sd.s.store.GetSnapshot("web1", name); err != store.ErrNotFound {
			t.Errorf("%s still recorded: %v", name, err)
		}
	}
	for _, name := range sd.names[4:] {
		if b, err := os.ReadFile(filepath.Join(hostDirOf(t, sd.s, "web1"), name, "etc", "hosts")); string(b) != name {
			t.Errorf("kept %s changed: %q %v", name, b, err)
		}
	}
	if _, err := sd.s.store.GetSnapshot("web1", failed.Name); err != store.ErrNotFound {
		t.Errorf("failed record kept: %v", err)
	}
	for _, dir := range []string{stray, staging, filepath.Join(outside, "precious")} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s touched: %v", dir, err)
		}
	}
	recs, _, err := sd.s.store.ListAudit(store.AuditFilter{}, "", 100)
	if err != nil || len(recs) != 5 {
		t.Fatalf("audit: %d records, %v", len(recs), err)
	}
	for _, r := range recs {
		reasons, _ := r.Params["reasons"].([]any)
		if r.Method != "DELETE" || r.Result != "ok" || r.User != "root" || len(reasons) == 0 ||
			!strings.HasPrefix(r.Path, "/api/v1/hosts/web1/snapshots/") {
			t.Errorf("audit record: %+v", r)
		}
	}
	// what is left plans no further deletes: the same policy is stable
	if again := sd.plan(t); again.Delete != 0 {
		t.Errorf("re-plan deletes %d", again.Delete)
	}
}

func TestApplyRefusesAStaleToken(t *testing.T) {
	sd := seedSnapshots(t, 8)
	plan := sd.plan(t)
	sd.add(t, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), api.SnapshotComplete)
	_, err := sd.s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 10}, admin())
	if kindOf(err) != api.KindConflict || fieldOf(err) != "plan_token" {
		t.Fatalf("stale token: %v", err)
	}
	if got := sd.onDisk(t); len(got) != 9 {
		t.Fatalf("something was deleted: %v", got)
	}
}

func TestApplyLimits(t *testing.T) {
	sd := seedSnapshots(t, 8)
	plan := sd.plan(t)
	_, err := sd.s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 3}, admin())
	if kindOf(err) != api.KindConflict || !strings.Contains(err.Error(), "more than max_delete 3") {
		t.Fatalf("max_delete: %v", err)
	}
	// 4 of 8 complete snapshots is the 0.5 share; one more is refused
	sd.add(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), api.SnapshotComplete)
	plan = sd.plan(t)
	_, err = sd.s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 100}, admin())
	if kindOf(err) != api.KindConflict || !strings.Contains(err.Error(), "max_delete_share") {
		t.Fatalf("share: %v", err)
	}
	for _, bad := range []api.RetentionApply{{MaxDelete: 5}, {PlanToken: plan.PlanToken}, {PlanToken: plan.PlanToken, MaxDelete: 5, Kind: "weekly"}} {
		if _, err := sd.s.StartRetentionApply("web1", bad, admin()); kindOf(err) != api.KindBadRequest {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if got := sd.onDisk(t); len(got) != 9 {
		t.Fatalf("something was deleted: %v", got)
	}
}

func TestApplyNeedsTheLock(t *testing.T) {
	sd := seedSnapshots(t, 8)
	plan := sd.plan(t)
	lock, _ := sd.s.locks.acquire("web1", "testing")
	lock.setTask("41")
	_, err := sd.s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 5}, admin())
	if kindOf(err) != api.KindBusy {
		t.Fatalf("busy host: %v", err)
	}
	lock.release()
}

func TestDeleteRefusesWhatIsNoSnapshotFolder(t *testing.T) {
	sd := seedSnapshots(t, 2)
	dir := hostDirOf(t, sd.s, "web1")
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o600)
	link := snapstore.Name(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	os.Symlink(outside, filepath.Join(dir, link))
	file := snapstore.Name(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	os.WriteFile(filepath.Join(dir, file), nil, 0o600)
	for _, name := range []string{link, file} {
		snap := api.Snapshot{Host: "web1", Name: name, Kind: api.KindScheduled, State: api.SnapshotComplete}
		sd.s.store.PutSnapshot(snap)
		if err := sd.s.deleteSnapshot("web1", snap); err == nil || !strings.Contains(err.Error(), "not a real folder") {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := sd.s.store.GetSnapshot("web1", name); err != nil {
			t.Errorf("%s: record removed although the folder was refused", name)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "precious")); err != nil {
		t.Fatal("followed the symlink")
	}
	onDisk := snapstore.NewTree(dir)
	for _, name := range []string{snapstore.StagingName("3"), "..", "../web1", "etc", "2026-11-01T00-00-00Z/etc", ""} {
		if _, err := onDisk.Exists(name); err == nil {
			t.Errorf("%q accepted", name)
		}
		if err := onDisk.Remove(name); err == nil {
			t.Errorf("removing %q accepted", name)
		}
	}
	if ok, err := onDisk.Exists(sd.names[0]); !ok || err != nil {
		t.Errorf("a real snapshot folder refused: %v", err)
	}
	unknown := api.Snapshot{Host: "web1", Name: sd.names[0], State: api.SnapshotUnknown}
	if err := sd.s.deleteSnapshot("web1", unknown); err == nil {
		t.Error("an unknown snapshot was deleted")
	}
}

func TestProtectBeatsAPlanInFlight(t *testing.T) {
	sd := seedSnapshots(t, 8)
	plan := sd.plan(t)
	victim := plan.Snapshots[len(plan.Snapshots)-1]
	if victim.Action != api.RetentionDelete {
		t.Fatalf("oldest is kept: %+v", victim)
	}
	snap, err := sd.s.Protect("web1", victim.Name, "alice", "before the upgrade")
	if err != nil || snap.Protected == nil || snap.Protected.By != "alice" {
		t.Fatalf("protect: %+v %v", snap, err)
	}
	// the deletion transaction sees the pin the plan did not
	planned, _ := sd.s.store.GetSnapshot("web1", victim.Name)
	planned.Protected = nil
	if err := sd.s.deleteSnapshot("web1", planned); err != errChanged {
		t.Fatalf("deleting a snapshot protected meanwhile: %v", err)
	}
	if _, err := os.Stat(filepath.Join(hostDirOf(t, sd.s, "web1"), victim.Name, snapstore.MetadataFile)); err != nil {
		t.Fatal("its data was touched")
	}
	again := sd.plan(t)
	last := again.Snapshots[len(again.Snapshots)-1]
	if last.Action != api.RetentionKeep || !strings.Contains(strings.Join(last.Reasons, ";"), "protected by user alice") || again.PlanToken == plan.PlanToken {
		t.Fatalf("protected snapshot in the plan: %+v", last)
	}
	if snap, err := sd.s.Unprotect("web1", victim.Name); err != nil || snap.Protected != nil {
		t.Fatalf("unprotect: %+v %v", snap, err)
	}
	if _, err := sd.s.Protect("web1", "2020-01-01T00-00-00Z", "alice", ""); kindOf(err) != api.KindNotFound {
		t.Fatalf("unknown snapshot: %v", err)
	}
	if _, err := sd.s.Protect("web1", "../etc", "alice", ""); fieldOf(err) != "snapshot" {
		t.Fatalf("bad name: %v", err)
	}
}

func TestPlanAsOfChangesNothing(t *testing.T) {
	sd := seedSnapshots(t, 4)
	if _, err := sd.s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepWithin: "2h", Minimum: 1}); err != nil {
		t.Fatal(err)
	}
	past := time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC) // all four within 2h of it, or newer
	early, err := sd.s.RetentionPlan("web1", PlanOptions{AsOf: past})
	if err != nil || early.Delete != 0 || !early.AsOf.Equal(past) {
		t.Fatalf("as of %v: %+v %v", past, early, err)
	}
	late := sd.plan(t)
	if late.Delete != 2 { // the newest and its base stay
		t.Fatalf("now: delete %d", late.Delete)
	}
	if got := sd.onDisk(t); len(got) != 4 {
		t.Fatalf("a plan deleted something: %v", got)
	}
	draft := api.RetentionPolicy{KeepLast: 4}
	if p, err := sd.s.RetentionPlan("web1", PlanOptions{Draft: &draft}); err != nil || p.Delete != 0 || p.PolicySource != "draft" {
		t.Fatalf("draft: %+v %v", p, err)
	}
	if _, err := sd.s.RetentionPlan("web1", PlanOptions{Kind: "weekly"}); fieldOf(err) != "kind" {
		t.Fatalf("bad kind: %v", err)
	}
}

func TestPruneAfterBackupOnlyUnderTheLock(t *testing.T) {
	sd := seedSnapshots(t, 8)
	if _, err := sd.s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepLast: 4, MaxDelete: 3}); err != nil {
		t.Fatal(err)
	}
	prune := func(holdLock bool) error {
		lock, err := sd.s.locks.acquireForTask("web1")
		if err != nil {
			t.Fatal(err)
		}
		defer lock.release()
		ready, result := make(chan struct{}), make(chan error, 1)
		task, err := sd.s.tasks.Start("backup", "web1", api.ActionOperate, admin(), func(ctx context.Context, run *tasks.Run) error {
			<-ready
			result <- sd.s.PruneAfterBackup(ctx, run, "web1")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if holdLock {
			lock.setTask(task.ID)
		}
		close(ready)
		waitDone(t, sd.s, task.ID)
		return <-result
	}
	if err := prune(false); err == nil || len(sd.onDisk(t)) != 8 {
		t.Fatalf("pruned without holding the lock: %v", err)
	}
	// the policy's max_delete (3) caps a prune that would delete 4
	if err := prune(true); kindOf(err) != api.KindConflict || len(sd.onDisk(t)) != 8 {
		t.Fatalf("prune beyond max_delete: %v", err)
	}
	sd.s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepLast: 4, MaxDelete: 4})
	if err := prune(true); err != nil || len(sd.onDisk(t)) != 4 {
		t.Fatalf("prune: %v, %v left", err, sd.onDisk(t))
	}
}
