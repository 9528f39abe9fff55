package integration

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// btrfsBamsd is bamsd with backups.layout btrfs and its backup root on a
// btrfs file system of its own, on a loop device.
func btrfsBamsd(t *testing.T) *testenv.Bamsd {
	t.Helper()
	testenv.RequireMachine(t)
	if _, err := exec.LookPath("mkfs.btrfs"); err != nil {
		testenv.Missing(t, "btrfs-progs not installed (scripts/deps-storage.txt)")
	}
	loop := testenv.NewLoopDevice(t, 512<<20, false)
	if out, err := exec.Command("mkfs.btrfs", "-q", loop.Path).CombinedOutput(); err != nil {
		t.Fatalf("mkfs.btrfs: %v: %s", err, out)
	}
	b := testenv.StartBamsd(t, "backups:\n  layout: btrfs\n")
	root := filepath.Join(b.Dir, "backups")
	os.MkdirAll(root, 0o700)
	if out, err := exec.Command("mount", "-t", "btrfs", loop.Path, root).CombinedOutput(); err != nil {
		t.Fatalf("mount: %v: %s", err, out)
	}
	t.Cleanup(func() { // before bamsd stops and the device goes (last in, first out)
		if out, err := exec.Command("umount", root).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", root, err, out)
		}
	})
	return b
}

// isReadOnlySubvolume: the folder is a btrfs subvolume's root (inode 256)
// and nothing can be written in it.
func isReadOnlySubvolume(t *testing.T, dir string) bool {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(dir, &st); err != nil || st.Ino != 256 {
		return false
	}
	err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o600)
	return errors.Is(err, syscall.EROFS)
}

// Two hosts backed up into btrfs subvolumes: each snapshot a read-only
// snapshot of the host's working copy, with its metadata file; a changed,
// a deleted and a no-longer-configured path are right in the next one,
// and the earlier snapshot never changes.
func TestBackupIntoBtrfsSnapshots(t *testing.T) {
	b := btrfsBamsd(t)
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	files := addHost(t, b, "files1", "127.0.0.3", nil)
	web.write(t, "index.html", "v1")
	web.write(t, "gone.txt", "deleted on the host later")
	web.write(t, "sub/deep/a.txt", "a")
	files.write(t, "share/report.odt", "report")
	for _, h := range []string{"web1", "files1"} {
		if task := backup(t, b, h); task.State != api.TaskSucceeded || !strings.Contains(logText(task), "updating the working copy in place") {
			t.Fatalf("%s: %+v\n%s", h, task, logText(task))
		}
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	first := snaps.Snapshots[0].Name
	firstDir := filepath.Join(b.Dir, "backups", "web1", first)
	if !isReadOnlySubvolume(t, firstDir) {
		t.Fatalf("%s is not a read-only subvolume", firstDir)
	}
	if _, err := os.Stat(filepath.Join(firstDir, ".bams-snapshot.json")); err != nil {
		t.Errorf("the snapshot has no metadata file: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(b.Dir, "backups", "web1", "_working", ".bams-snapshot.json")); !os.IsNotExist(err) {
		t.Errorf("the working copy kept a metadata file: %v", err)
	}
	before := manifest(t, firstDir)

	web.write(t, "index.html", "v2")
	os.Remove(filepath.Join(web.src, "gone.txt"))
	task := backup(t, b, "web1")
	if task.State != api.TaskSucceeded {
		t.Fatalf("second run: %+v\n%s", task, logText(task))
	}
	snaps, _ = b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	second := snaps.Snapshots[0]
	if second.Base != "" || second.State != api.SnapshotComplete {
		t.Fatalf("second snapshot %+v", second)
	}
	if got, _ := os.ReadFile(snapshotPath(b, "web1", second.Name, filepath.Join(web.src, "index.html"))); string(got) != "v2" {
		t.Errorf("second snapshot index.html %q", got)
	}
	if _, err := os.Lstat(snapshotPath(b, "web1", second.Name, filepath.Join(web.src, "gone.txt"))); !os.IsNotExist(err) {
		t.Errorf("a file deleted on the host is in the next snapshot: %v", err)
	}
	sameManifest(t, "the first snapshot after the second run", before, manifest(t, firstDir))

	// A path no longer backed up leaves the working copy, not just rsync's view.
	h, _ := b.Client().Host(ctx, "web1")
	h.Paths = []string{filepath.Join(web.src, "sub")}
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	if task := backup(t, b, "web1"); task.State != api.TaskSucceeded {
		t.Fatalf("third run: %+v\n%s", task, logText(task))
	}
	snaps, _ = b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	third := snaps.Snapshots[0].Name
	if _, err := os.Lstat(snapshotPath(b, "web1", third, filepath.Join(web.src, "index.html"))); !os.IsNotExist(err) {
		t.Errorf("a path no longer configured is still in the snapshot: %v", err)
	}
	if got, _ := os.ReadFile(snapshotPath(b, "web1", third, filepath.Join(web.src, "sub/deep/a.txt"))); string(got) != "a" {
		t.Errorf("third snapshot sub/deep/a.txt %q", got)
	}
	// the other host's snapshots are its own
	other, _ := b.Client().Snapshots(ctx, "files1", client.SnapshotQuery{})
	if len(other.Snapshots) != 1 {
		t.Fatalf("files1 snapshots %+v", other.Snapshots)
	}
	if got, _ := os.ReadFile(snapshotPath(b, "files1", other.Snapshots[0].Name, filepath.Join(files.src, "share/report.odt"))); string(got) != "report" {
		t.Errorf("files1 report %q", got)
	}
}

// kill -9 mid-run: no snapshot from that run, every earlier one byte- and
// attribute-identical, and the next run finishes from the working copy;
// then a restore is byte-identical and retention deletes snapshot
// subvolumes (and only those its plan names).
func TestBtrfsBackupCrashRestoreAndRetention(t *testing.T) {
	b := btrfsBamsd(t)
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	web.write(t, "same.txt", "unchanged")
	web.write(t, "mode.txt", "its mode changes")
	// A restore's rsync (on the host, the receiver) compares times in whole
	// seconds: a folder the test made in the second of the restore would
	// look unchanged to it and keep the time the restore's writes give it.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"same.txt", "mode.txt", "."} {
		os.Chtimes(filepath.Join(web.src, p), old, old)
	}
	if task := backup(t, b, "web1"); task.State != api.TaskSucceeded {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	first := snaps.Snapshots[0].Name
	firstDir := filepath.Join(b.Dir, "backups", "web1", first)
	before := manifest(t, firstDir)
	hostBefore := manifest(t, web.src)

	os.Chmod(filepath.Join(web.src, "mode.txt"), 0o600)
	web.write(t, "same.txt", "changed in place now")
	web.write(t, "big.bin", strings.Repeat("y", 2<<20))
	h, _ := b.Client().Host(ctx, "web1")
	h.BandwidthKBps = 256
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	task, err := b.Client().Backup(ctx, "web1")
	if err != nil {
		t.Fatal(err)
	}
	waitTask(t, b, task.ID, func(t api.Task) bool { return t.Progress.BytesDone > 0 })
	b.Kill()
	b.Start()
	if got, _ := b.Client().Task(ctx, task.ID); got.State != api.TaskFailed {
		t.Fatalf("the interrupted run: %+v", got)
	}
	complete, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotComplete})
	if len(complete.Snapshots) != 1 {
		t.Fatalf("complete snapshots after the crash: %+v", complete.Snapshots)
	}
	entries, _ := os.ReadDir(filepath.Join(b.Dir, "backups", "web1"))
	if len(entries) != 2 { // the first snapshot and the working copy
		t.Fatalf("host folder after the crash: %v", entries)
	}
	sameManifest(t, "the first snapshot after the crash", before, manifest(t, firstDir))

	h.BandwidthKBps = 0
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	if next := backup(t, b, "web1"); next.State != api.TaskSucceeded {
		t.Fatalf("the next run: %+v\n%s", next, logText(next))
	}
	sameManifest(t, "the first snapshot after the next run", before, manifest(t, firstDir))
	complete, _ = b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotComplete})
	latest := complete.Snapshots[0].Name
	st, err := os.Stat(snapshotPath(b, "web1", latest, filepath.Join(web.src, "mode.txt")))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the new snapshot must have the new mode: %v %v", st, err)
	}

	// restore the first snapshot onto the host: byte-identical
	web.write(t, "same.txt", "defaced")
	rtask, err := b.Client().Restore(ctx, "web1", api.RestoreRequest{Snapshot: first, To: "host", Delete: true})
	if err != nil {
		t.Fatal(err)
	}
	if rtask = waitTask(t, b, rtask.ID, done); rtask.State != api.TaskSucceeded {
		t.Fatalf("restore: %+v\n%s", rtask, logText(rtask))
	}
	sameManifest(t, "the host after restoring the first snapshot", hostBefore, manifest(t, web.src))
	if got, _ := os.ReadFile(filepath.Join(web.src, "same.txt")); string(got) != "unchanged" {
		t.Errorf("restored same.txt %q", got)
	}

	// retention: keep the newest; the first snapshot's subvolume goes
	if _, err := b.Client().SetRetentionPolicy(ctx, "web1", api.RetentionPolicy{KeepLast: 1, Kinds: "all"}); err != nil {
		t.Fatal(err)
	}
	plan, err := b.Client().RetentionPlan(ctx, "web1", client.PlanQuery{})
	if err != nil {
		t.Fatal(err)
	}
	atask, err := b.Client().ApplyRetention(ctx, "web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 2})
	if err != nil {
		t.Fatal(err)
	}
	if atask = waitTask(t, b, atask.ID, done); atask.State != api.TaskSucceeded {
		t.Fatalf("retention apply: %+v\n%s", atask, logText(atask))
	}
	if _, err := os.Lstat(firstDir); !os.IsNotExist(err) {
		t.Errorf("the deleted snapshot's subvolume is still there: %v\nplan %+v\n%s", err, plan, logText(atask))
	}
	if !isReadOnlySubvolume(t, filepath.Join(b.Dir, "backups", "web1", latest)) {
		t.Errorf("the kept snapshot is no longer a read-only subvolume")
	}
	out, _ := exec.Command("btrfs", "subvolume", "list", filepath.Join(b.Dir, "backups")).CombinedOutput()
	if strings.Contains(string(out), first) || !strings.Contains(string(out), latest) {
		t.Errorf("btrfs subvolume list after retention:\n%s", out)
	}
}
