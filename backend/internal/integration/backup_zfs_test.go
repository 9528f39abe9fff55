package integration

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
	"bams/backend/client"
	"bams/backend/internal/store"
	"bams/backend/internal/testenv"
	"bams/backend/internal/testutil/fakezfs"
)

// zfsBamsd is bamsd with a zfs-dataset repository "vault" (dataset
// tank/vault of the stateful fake zfs, which gives the datasets below it
// their folders and snapshots), its folder <bamsd dir>/vault a tmpfs
// mount of its own standing in for the dataset's legacy mount (ZFS
// cannot run here). The record is written as the repository service's
// create task writes it; that task's mount -t zfs cannot run here.
func zfsBamsd(t *testing.T) (*testenv.Bamsd, *fakezfs.Fake, string) {
	t.Helper()
	testenv.RequireMachine(t)
	fake := fakezfs.New(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE", Size: 10 << 30}},
		Datasets: map[string]*fakezfs.Dataset{
			"tank":       {Type: "filesystem", Props: map[string]string{}},
			"tank/vault": {Type: "filesystem", Props: map[string]string{"mountpoint": "legacy", "compression": "lz4"}},
		}})
	b := testenv.StartBamsd(t, "tools:\n  path: "+fake.Path+":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
	b.Stop()
	vault := filepath.Join(b.Dir, "vault")
	os.MkdirAll(vault, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "mode=0700", "tmpfs", vault).CombinedOutput(); err != nil {
		t.Fatalf("mount: %v: %s", err, out)
	}
	t.Cleanup(func() { // before bamsd stops (last in, first out): lazily, as a run may still hold it
		if out, err := exec.Command("umount", "-l", vault).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", vault, err, out)
		}
	})
	st, err := store.Open(filepath.Join(b.Dir, "bams.db"), store.Options{BackupRoot: filepath.Join(b.Dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	err = st.CreateRepository(api.Repository{ID: "vault", Name: "vault", Kind: api.RepoZFSDataset, Mountpoint: vault,
		Backing: api.StorageObject{Kind: api.ObjectZFSDataset, Name: "tank/vault"}})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	b.Start()
	return b, fake, vault
}

// destroyed are the snapshots the fake zfs destroyed (dry runs aside).
func destroyed(fake *fakezfs.Fake) []string {
	var out []string
	for _, c := range fake.Calls() {
		if c.Tool == "zfs" && c.Args[0] == "destroy" && !slices.Contains(c.Args, "-n") {
			out = append(out, c.Args[len(c.Args)-1])
		}
	}
	return out
}

// A host in a ZFS-dataset repository over real sshd and rsync: each run
// updates the host's dataset in place and takes an owned ZFS snapshot;
// kill -9 mid-run leaves no snapshot and every earlier one byte- and
// attribute-identical, and the next run finishes from the working copy; a
// restore is byte-identical; retention destroys only the owned snapshots
// its plan names, never one an admin took by hand.
func TestZFSDatasetBackupCrashRestoreRetention(t *testing.T) {
	b, fake, vault := zfsBamsd(t)
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", func(h *api.Host) { h.Repository = "vault" })
	web.write(t, "same.txt", "unchanged")
	web.write(t, "mode.txt", "its mode changes")
	web.write(t, "gone.txt", "deleted on the host later")
	web.write(t, "sub/deep/a.txt", "a")
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"same.txt", "mode.txt", "gone.txt", "sub/deep/a.txt", "sub/deep", "sub", "."} {
		os.Chtimes(filepath.Join(web.src, p), old, old)
	}
	if task := backup(t, b, "web1"); task.State != api.TaskSucceeded || !strings.Contains(logText(task), "updating the working copy in place") {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	// rsync never sends, deletes or enters the dataset's .zfs
	if log := b.LogText(); !strings.Contains(log, "--filter=P /.zfs --filter=H /.zfs") {
		t.Errorf("the run's rsync does not protect .zfs:\n%s", log)
	}
	hostDir := filepath.Join(vault, "web1")
	snapDir := func(name string) string { return filepath.Join(hostDir, ".zfs", "snapshot", name) }
	if d := fake.Load().Datasets["tank/vault/web1"]; d == nil || d.Props["bams:owner"] != "backup:web1" || d.Props["mountpoint"] != hostDir || !d.Mounted ||
		d.Props["setuid"] != "off" || d.Props["devices"] != "off" {
		t.Fatalf("the host's dataset: %+v", d)
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	first := snaps.Snapshots[0].Name
	if d := fake.Load().Datasets["tank/vault/web1@"+first]; d == nil || d.Props["bams:owner"] != "backup:web1" {
		t.Fatalf("the snapshot: %+v", d)
	}
	if _, err := os.Stat(filepath.Join(snapDir(first), ".bams-snapshot.json")); err != nil {
		t.Errorf("the snapshot has no metadata file: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(hostDir, ".bams-snapshot.json")); !os.IsNotExist(err) {
		t.Errorf("the working copy kept a metadata file: %v", err)
	}
	firstDir := snapDir(first)
	before := manifest(t, firstDir)
	hostBefore := manifest(t, web.src)
	// an admin's own snapshot of the host's dataset, named like a backup
	hand := "2020-01-01T00-00-00Z"
	if out, err := exec.Command(filepath.Join(fake.Path, "zfs"), "snapshot", "tank/vault/web1@"+hand).CombinedOutput(); err != nil {
		t.Fatalf("zfs snapshot: %v: %s", err, out)
	}
	handBefore := manifest(t, snapDir(hand))

	// killed mid-run
	os.Chmod(filepath.Join(web.src, "mode.txt"), 0o600)
	web.write(t, "same.txt", "changed in place now")
	os.Remove(filepath.Join(web.src, "gone.txt"))
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
	var zfsSnaps []string
	for name := range fake.Load().Datasets {
		if strings.HasPrefix(name, "tank/vault/web1@") {
			zfsSnaps = append(zfsSnaps, name)
		}
	}
	slices.Sort(zfsSnaps)
	if want := []string{"tank/vault/web1@" + hand, "tank/vault/web1@" + first}; !slices.Equal(zfsSnaps, want) {
		t.Fatalf("ZFS snapshots after the crash: %v, want %v", zfsSnaps, want)
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
	latestFile := func(rel string) string { return filepath.Join(snapDir(latest), web.src, rel) }
	if st, err := os.Stat(latestFile("mode.txt")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the new snapshot must have the new mode: %v %v", st, err)
	}
	if got, _ := os.ReadFile(latestFile("same.txt")); string(got) != "changed in place now" {
		t.Errorf("the new snapshot's same.txt %q", got)
	}
	if _, err := os.Lstat(latestFile("gone.txt")); !os.IsNotExist(err) {
		t.Errorf("a file deleted on the host is in the next snapshot: %v", err)
	}
	sameManifest(t, "the hand-made snapshot after the runs", handBefore, manifest(t, snapDir(hand)))

	// discover skips the hand-made snapshot, naming why
	disc, err := b.Client().Discover(ctx, "web1")
	if err != nil {
		t.Fatal(err)
	}
	if len(disc.Added) != 0 || len(disc.Skipped) != 1 || !strings.Contains(disc.Skipped[0], hand+": a ZFS snapshot BAMS's backups did not take") {
		t.Errorf("discover %+v", disc)
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

	// retention: keep the newest; the first snapshot is destroyed, the
	// hand-made one never
	if _, err := b.Client().SetRetentionPolicy(ctx, "web1", api.RetentionPolicy{KeepLast: 1, Kinds: "all"}); err != nil {
		t.Fatal(err)
	}
	plan, err := b.Client().RetentionPlan(ctx, "web1", client.PlanQuery{})
	if err != nil {
		t.Fatal(err)
	}
	atask, err := b.Client().ApplyRetention(ctx, "web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 3})
	if err != nil {
		t.Fatal(err)
	}
	if atask = waitTask(t, b, atask.ID, done); atask.State != api.TaskSucceeded {
		t.Fatalf("retention apply: %+v\n%s", atask, logText(atask))
	}
	if got, want := destroyed(fake), []string{"tank/vault/web1@" + first}; !slices.Equal(got, want) {
		t.Errorf("destroyed %v, want %v", got, want)
	}
	if _, err := os.Lstat(firstDir); !os.IsNotExist(err) {
		t.Errorf("the deleted snapshot's files are still there: %v", err)
	}
	for _, name := range []string{latest, hand} {
		if _, err := os.Stat(snapDir(name)); err != nil {
			t.Errorf("snapshot %s after retention: %v", name, err)
		}
	}
}
