package storagesvc

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

// The btrfs half of the Snapshots page on a real btrfs: create (owner
// manual), list, delete only with the path typed; a folder someone put in
// .bams-snapshots is listed as not ours and never deleted.
func TestBtrfsSnapshotsReal(t *testing.T) {
	t.Parallel()
	needTools(t, "btrfs", "mkfs.btrfs", "mount")
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
	dev := testenv.NewLoopDevice(t, 256<<20, false)
	if out, err := exec.Command("mkfs.btrfs", "-q", dev.Path).CombinedOutput(); err != nil {
		t.Fatalf("mkfs: %v %s", err, out)
	}
	mnt := testenv.Mount(t, dev.Path, "btrfs", "")
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	s := New(Options{Runner: r, Tasks: newTasks(t)})
	ctx := context.Background()
	data := filepath.Join(mnt, "data")
	if out, err := exec.Command("btrfs", "subvolume", "create", data).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}

	snap, err := s.CreateBtrfsSnapshot(ctx, api.BtrfsSnapshotCreate{Subvolume: data, Name: "before-upgrade"})
	want := filepath.Join(data, ".bams-snapshots", "manual", "before-upgrade")
	if err != nil || snap.Path != want || snap.Owner != "manual" || !snap.ReadOnly || snap.Created == "" {
		t.Fatalf("%+v %v", snap, err)
	}
	if _, err := s.CreateBtrfsSnapshot(ctx, api.BtrfsSnapshotCreate{Subvolume: data, Name: "before-upgrade"}); apiKind(err) != api.KindConflict {
		t.Errorf("again: %v", err)
	}
	for req, field := range map[api.BtrfsSnapshotCreate]string{{Subvolume: "rel", Name: "x"}: "subvolume", {Subvolume: data, Name: "../x"}: "name"} {
		if _, err := s.CreateBtrfsSnapshot(ctx, req); apiField(err) != "field "+field {
			t.Errorf("%+v: %v", req, err)
		}
	}
	// a writable subvolume put where BAMS keeps its snapshots is not one
	stray := filepath.Join(data, ".bams-snapshots", "manual", "stray")
	if out, err := exec.Command("btrfs", "subvolume", "create", stray).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	l, err := s.BtrfsSnapshots(ctx, data)
	if err != nil || len(l.Snapshots) != 1 || l.Snapshots[0].Path != want || len(l.Other) != 1 || !strings.HasPrefix(l.Other[0], ".bams-snapshots/manual/stray:") {
		t.Fatalf("%+v %v", l, err)
	}
	if _, err := s.DeleteBtrfsSnapshot(ctx, data, "manual", "stray", stray); apiKind(err) != api.KindNotFound {
		t.Errorf("a subvolume that is not a snapshot: %v", err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Errorf("the stray subvolume went: %v", err)
	}
	if _, err := s.DeleteBtrfsSnapshot(ctx, data, "manual", "before-upgrade", "before-upgrade"); apiField(err) != "field confirm" {
		t.Errorf("wrong confirm: %v", err)
	}
	if d, err := s.DeleteBtrfsSnapshot(ctx, data, "manual", "before-upgrade", want); err != nil || d.Name != want {
		t.Fatalf("%+v %v", d, err)
	}
	if l, err := s.BtrfsSnapshots(ctx, data); err != nil || len(l.Snapshots) != 0 {
		t.Errorf("after delete: %+v %v", l, err)
	}
}
