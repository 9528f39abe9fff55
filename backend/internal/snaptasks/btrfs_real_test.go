package snaptasks

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testenv"
)

// A btrfs task on a real filesystem over a loop device makes its
// snapshots in its owner's folder and prunes them, while a snapshot made
// by hand, one of another owner and a writable subvolume in the task's
// own folder (not a snapshot BAMS made) all survive.
func TestBtrfsRealTaskPrunesOnlyItsOwn(t *testing.T) {
	testenv.RequireLoop(t)
	for _, tool := range []string{"mkfs.btrfs", "btrfs", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install btrfs-progs; scripts/deps-storage.txt)", tool)
		}
	}
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
	dev := testenv.NewLoopDevice(t, 256<<20, false)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: time.Minute}
	ctx := context.Background()
	if err := btrfs.Mkfs(ctx, r, btrfs.MkfsOptions{Devices: []string{dev.Path}}); err != nil {
		t.Fatal(err)
	}
	mnt := testenv.Mount(t, dev.Path, "btrfs")
	subvol := filepath.Join(mnt, "backups")
	if err := btrfs.CreateSubvolume(ctx, r, subvol); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(subvol, "data"), []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	byHand := filepath.Join(mnt, "by-hand")
	if err := btrfs.Snapshot(ctx, r, subvol, byHand); err != nil {
		t.Fatal(err)
	}
	if _, err := btrfs.TakeSnapshot(ctx, r, subvol, "snaptask:other", "other-1"); err != nil {
		t.Fatal(err)
	}
	ownDir := filepath.Join(subvol, btrfs.OwnedDir, "snaptask:hourly")
	if err := os.MkdirAll(ownDir, 0o700); err != nil {
		t.Fatal(err)
	}
	impostor := filepath.Join(ownDir, "auto-2000-01-01_00-00") // oldest by name, writable: not a BAMS snapshot
	if err := btrfs.CreateSubvolume(ctx, r, impostor); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mgr := tasks.NewManager(db, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	defer mgr.Shutdown(context.Background())
	audit := &auditLog{}
	e := &env{s: New(Options{Store: db, Tasks: mgr, Runner: r, Location: time.UTC, MaxDeleteShare: 0.5, Audit: audit.add}), audit: audit, mgr: mgr}
	task, err := e.s.Create(ctx, api.SnapTask{Name: "hourly", Kind: api.SnapTaskBtrfs, Target: subvol, Cron: "@hourly",
		Enabled: true, Retention: api.RetentionPolicy{KeepLast: 2}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Create(ctx, api.SnapTask{Name: "rec", Kind: api.SnapTaskBtrfs, Target: subvol, Cron: "@hourly", Recursive: true,
		Retention: api.RetentionPolicy{KeepLast: 2}}, time.Now()); func() string { _, f := errKind(err); return f }() != "recursive" {
		t.Errorf("a recursive btrfs task: %v", err)
	}

	slot := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	var names []string
	for i := range 4 {
		at := slot.Add(time.Duration(i) * time.Hour)
		run, err := e.s.startRun(task, at, api.Caller{User: "scheduler"})
		if err != nil {
			t.Fatal(err)
		}
		if done := e.wait(t, run.ID); done.State != api.TaskSucceeded {
			t.Fatalf("run %d: %s %s", i, done.State, done.Error)
		}
		names = append(names, render(task.Naming, at))
	}
	owned, others, err := btrfs.Snapshots(ctx, r, subvol)
	if err != nil {
		t.Fatal(err)
	}
	var mine, theirs []string
	for _, o := range owned {
		if o.Owner == "snaptask:hourly" {
			mine = append(mine, o.Name)
		} else {
			theirs = append(theirs, o.Owner+"/"+o.Name)
		}
	}
	if !slices.Equal(mine, names[2:]) {
		t.Errorf("the task's snapshots after four runs keeping 2: %v, want %v", mine, names[2:])
	}
	if !slices.Equal(theirs, []string{"snaptask:other/other-1"}) {
		t.Errorf("other owners' snapshots: %v", theirs)
	}
	if len(others) != 1 || !strings.Contains(others[0], "auto-2000-01-01_00-00") {
		t.Errorf("what is not a snapshot of the subvolume: %v", others)
	}
	for _, p := range []string{byHand, impostor} {
		if _, err := os.Stat(filepath.Join(p, "data")); p == byHand && err != nil {
			t.Errorf("the hand-made snapshot is gone: %v", err)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s is gone: %v", p, err)
		}
	}
	if got := e.audit.paths(); len(got) != 2 || !strings.HasSuffix(got[0], "/"+names[0]) || !strings.HasSuffix(got[1], "/"+names[1]) {
		t.Errorf("audit: %v", got)
	}
	plan, err := e.s.Plan(ctx, "hourly", time.Time{})
	if err != nil || len(plan.Snapshots) != 2 || plan.Delete != 0 || len(plan.NotOwned) != 2 {
		t.Errorf("plan after pruning: %+v %v", plan, err)
	}
	if _, err := e.s.Delete("hourly"); err != nil {
		t.Fatal(err)
	}
	if owned, _, _ := btrfs.Snapshots(ctx, r, subvol); len(owned) != 3 {
		t.Errorf("deleting the task removed snapshots: %d left", len(owned))
	}
}
