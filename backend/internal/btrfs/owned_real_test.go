package btrfs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

// Owned snapshots on a real btrfs: taken read-only in their place, listed
// with owner and birth time, and only BAMS's own are ever deleted: a
// writable subvolume, a snapshot of another subvolume and a folder put in
// .bams-snapshots by hand are listed as other and refused.
func TestOwnedSnapshotsReal(t *testing.T) {
	t.Parallel()
	requireBtrfs(t)
	dev := testenv.NewLoopDevice(t, 256<<20, false)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	ctx := context.Background()
	if err := Mkfs(ctx, r, MkfsOptions{Devices: []string{dev.Path}}); err != nil {
		t.Fatal(err)
	}
	mnt := testenv.Mount(t, dev.Path, "btrfs", "")
	// The subvolume sits one level down, so list paths carry a prefix.
	if err := os.Mkdir(filepath.Join(mnt, "pool"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, other := filepath.Join(mnt, "pool", "data"), filepath.Join(mnt, "other")
	for _, p := range []string{data, other} {
		if err := CreateSubvolume(ctx, r, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(data, "f"), []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}

	first, err := TakeSnapshot(ctx, r, data, "snaptask:hourly", "auto-2026-12-02_14-00")
	if err != nil {
		t.Fatal(err)
	}
	if first.Path != filepath.Join(data, OwnedDir, "snaptask:hourly", "auto-2026-12-02_14-00") || !first.ReadOnly || first.Created.IsZero() ||
		time.Since(first.Created) > time.Minute {
		t.Fatalf("first %+v", first)
	}
	if err := os.WriteFile(filepath.Join(first.Path, "g"), nil, 0o644); err == nil {
		t.Fatal("an owned snapshot must be read-only")
	}
	if _, err := TakeSnapshot(ctx, r, data, "snaptask:hourly", "auto-2026-12-02_14-00"); !IsKind(err, Exists) {
		t.Fatalf("a taken name: %v", err)
	}
	if err := os.WriteFile(filepath.Join(data, "f"), []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := TakeSnapshot(ctx, r, data, "replication:offsite", "repl-1")
	if err != nil {
		t.Fatal(err)
	}

	// Things that are not BAMS's, in BAMS's place.
	foreign := filepath.Join(data, OwnedDir, "manual")
	if err := os.MkdirAll(foreign, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Snapshot(ctx, r, other, filepath.Join(foreign, "of-other")); err != nil {
		t.Fatal(err)
	}
	if _, err := run(ctx, r, "btrfs", "subvolume", "snapshot", data, filepath.Join(foreign, "writable")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(foreign, "plain-folder"), 0o700); err != nil {
		t.Fatal(err)
	}

	owned, others, err := Snapshots(ctx, r, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(owned) != 2 || owned[0].Name != first.Name || owned[1].Name != second.Name || owned[1].Owner != "replication:offsite" ||
		owned[0].Subvolume.ParentUUID == "" {
		t.Fatalf("owned %+v", owned)
	}
	want := []string{".bams-snapshots/manual/of-other: not a snapshot of this subvolume", ".bams-snapshots/manual/writable: not read-only"}
	if strings.Join(others, "\n") != strings.Join(want, "\n") {
		t.Fatalf("others %q\nwant %q", others, want)
	}
	if b, err := os.ReadFile(filepath.Join(second.Path, "f")); err != nil || string(b) != "two" {
		t.Fatalf("second holds %q %v", b, err)
	}

	for _, name := range []string{"of-other", "writable", "plain-folder"} {
		if err := DeleteSnapshot(ctx, r, data, "manual", name); !IsKind(err, NotFound) {
			t.Errorf("deleting %s: %v", name, err)
		}
		if _, err := os.Lstat(filepath.Join(foreign, name)); err != nil {
			t.Errorf("%s is gone: %v", name, err)
		}
	}
	if err := DeleteSnapshot(ctx, r, data, "replication:offsite", first.Name); !IsKind(err, NotFound) {
		t.Errorf("another owner's name: %v", err)
	}
	if err := DeleteSnapshot(ctx, r, data, "snaptask:hourly", first.Name); err != nil {
		t.Fatal(err)
	}
	if owned, _, _ = Snapshots(ctx, r, data); len(owned) != 1 || owned[0].Name != second.Name {
		t.Fatalf("after delete %+v", owned)
	}

	// A symlinked owner folder is never followed.
	if err := os.Symlink(other, filepath.Join(data, OwnedDir, "snaptask:evil")); err != nil {
		t.Fatal(err)
	}
	if _, err := TakeSnapshot(ctx, r, data, "snaptask:evil", "x"); err == nil {
		t.Fatal("a snapshot through a symlinked owner folder")
	}
	if entries, _ := os.ReadDir(other); len(entries) != 0 {
		t.Fatalf("something landed in the symlink's target: %v", entries)
	}
	if err := CheckOwner("Snaptask:x"); err == nil {
		t.Error("owner kinds are lower-case")
	}
	if err := CheckSnapshotName("../x"); err == nil {
		t.Error("a name with a slash")
	}
}
