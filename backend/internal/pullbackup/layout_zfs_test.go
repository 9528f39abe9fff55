package pullbackup

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/repos"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testutil/fakezfs"
)

// mountedSystem says every repository is mounted: the fake pool has no
// mounts.
type mountedSystem struct{}

func (mountedSystem) Mount(string, string, string) error     { return nil }
func (mountedSystem) Unmount(string) error                   { return nil }
func (mountedSystem) Mounted(string) bool                    { return true }
func (mountedSystem) WaitDevice(string, time.Duration) error { return nil }

// zfsHostService is a service whose host web1 is in the zfs-dataset
// repository vault (dataset tank/vault, folder <tmp>/vault) of a fake
// pool.
func zfsHostService(t *testing.T) (*Service, *fakezfs.Fake) {
	t.Helper()
	dir := t.TempDir()
	fake := fakezfs.New(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE", Size: 10 << 30}},
		Datasets: map[string]*fakezfs.Dataset{
			"tank":       {Type: "filesystem", Props: map[string]string{}},
			"tank/vault": {Type: "filesystem", Props: map[string]string{"mountpoint": "legacy"}},
		}})
	st, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	vault := filepath.Join(dir, "vault")
	os.Mkdir(vault, 0o700)
	if err := st.CreateRepository(api.Repository{ID: "vault", Name: "vault", Kind: api.RepoZFSDataset, Mountpoint: vault,
		Backing: api.StorageObject{Kind: api.ObjectZFSDataset, Name: "tank/vault"}}); err != nil {
		t.Fatal(err)
	}
	m := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	s := New(Options{Store: st, Tasks: m, Runner: &execx.Runner{Path: fake.Path, Timeout: 10 * time.Second}, BackupRoot: filepath.Join(dir, "backups"),
		Repositories: repos.NewFolders(st, mountedSystem{}), SSHKey: filepath.Join(dir, "ssh", "id_ed25519"), Location: time.UTC, MaxParallel: 2})
	h := validHost()
	h.Repository = "vault"
	if _, err := s.CreateHost(h); err != nil {
		t.Fatal(err)
	}
	return s, fake
}

// zfsCommit takes snapshot snap of web1 as a run does: the working copy
// staged, filled by fill, committed, recorded.
func zfsCommit(t *testing.T, s *Service, snap api.Snapshot, fill func(dir string)) {
	t.Helper()
	onDisk, err := s.snapshotsOf("web1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := onDisk.(*snapstore.Datasets); !ok {
		t.Fatalf("a host in a zfs-dataset repository has the layout %T", onDisk)
	}
	h, _ := s.Host("web1")
	working, err := onDisk.Stage("1", relativePaths(h.Paths))
	if err != nil {
		t.Fatal(err)
	}
	fill(onDisk.Path(working))
	if err := onDisk.Commit(working, snap); err != nil {
		t.Fatal(err)
	}
	if err := s.store.PutSnapshot(snap); err != nil {
		t.Fatal(err)
	}
}

// zfsService is zfsHostService with complete snapshots at the given
// times, each holding srv/www/index.html = its name.
func zfsService(t *testing.T, times ...time.Time) (*Service, *fakezfs.Fake, []string) {
	t.Helper()
	s, fake := zfsHostService(t)
	var names []string
	for _, at := range times {
		name := snapstore.Name(at)
		zfsCommit(t, s, api.Snapshot{Host: "web1", Name: name, Kind: api.KindScheduled, State: api.SnapshotComplete, Started: &at, NewBytes: 100},
			func(dir string) {
				os.MkdirAll(filepath.Join(dir, "srv", "www"), 0o755)
				os.WriteFile(filepath.Join(dir, "srv", "www", "index.html"), []byte(name), 0o644)
			})
		names = append(names, name)
	}
	return s, fake, names
}

// zfsSnapshotService is snapshotService in the ZFS layout: host web1 with
// one complete snapshot holding snapshotTree.
func zfsSnapshotService(t *testing.T) *Service {
	t.Helper()
	s, _ := zfsHostService(t)
	zfsCommit(t, s, api.Snapshot{Host: "web1", Name: testSnap, State: api.SnapshotComplete}, func(dir string) { snapshotTree(t, dir) })
	return s
}

// eachLayout runs a test of a service holding snapshotTree as testSnap
// in each layout that has a service to test it on here (btrfs needs
// loop devices: its integration tests cover it).
func eachLayout(t *testing.T, test func(t *testing.T, s *Service)) {
	t.Run("hard-link tree", func(t *testing.T) { test(t, snapshotService(t)) })
	t.Run("zfs datasets", func(t *testing.T) { test(t, zfsSnapshotService(t)) })
}

func fakeZFS(t *testing.T, fake *fakezfs.Fake, args ...string) {
	t.Helper()
	if out, err := exec.Command(filepath.Join(fake.Path, "zfs"), args...).CombinedOutput(); err != nil {
		t.Fatalf("zfs %v: %v: %s", args, err, out)
	}
}

// Discover, browse and download work on ZFS snapshots as on folders; a
// snapshot an admin took by hand is skipped with its reason, never
// recorded.
func TestZFSLayoutDiscoverBrowseDownload(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s, fake, names := zfsService(t, start, start.Add(time.Hour))
	hand := snapstore.Name(start.Add(-time.Hour))
	fakeZFS(t, fake, "snapshot", "tank/vault/web1@"+hand)
	if err := s.store.DeleteSnapshotIf("web1", names[0], func(api.Snapshot) error { return nil }); err != nil {
		t.Fatal(err)
	}
	res, err := s.Discover("web1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Added, []string{names[0]}) || res.Known != 1 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], hand+": a ZFS snapshot BAMS's backups did not take") {
		t.Fatalf("discover %+v", res)
	}
	if snap, err := s.store.GetSnapshot("web1", names[0]); err != nil || snap.State != api.SnapshotComplete {
		t.Errorf("rediscovered from its metadata file: %+v %v", snap, err)
	}
	if _, err := s.store.GetSnapshot("web1", hand); err == nil {
		t.Error("the hand-made snapshot was recorded")
	}

	top, err := s.Files("web1", names[1], "/", 100, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := entryNames(top.Entries); !slices.Equal(got, []string{"srv"}) {
		t.Errorf("top of the snapshot: %v (no metadata file, no .zfs)", got)
	}
	d, err := s.OpenDownload("web1", names[1], "/srv/www")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Stream(&buf); err != nil {
		t.Fatal(err)
	}
	if got := readArchive(t, buf.Bytes()); got["www/index.html"] != "0:"+names[1] {
		t.Errorf("download %v", got)
	}
	if _, err := s.Files("web1", hand, "/", 100, ""); err == nil {
		t.Error("browsed the hand-made snapshot")
	}
}

// Retention destroys only owned snapshots its plan names; a held one
// fails the apply naming the hold, with its record kept; the space a plan
// frees is what zfs destroy -nvp says.
func TestZFSLayoutRetention(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s, fake, names := zfsService(t, start, start.Add(time.Hour), start.Add(2*time.Hour), start.Add(3*time.Hour))
	hand := snapstore.Name(start.Add(-time.Hour))
	fakeZFS(t, fake, "snapshot", "tank/vault/web1@"+hand)
	if _, err := s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepLast: 2, MaxDelete: 100}); err != nil {
		t.Fatal(err)
	}
	space, err := s.StartRetentionSpace("web1", api.RetentionSpaceRequest{}, admin())
	if err != nil {
		t.Fatal(err)
	}
	var measured api.RetentionSpace
	if space = waitDone(t, s, space.ID); space.State != api.TaskSucceeded || json.Unmarshal(space.Result, &measured) != nil ||
		!slices.Equal(measured.Snapshots, []string{names[1], names[0]}) || measured.FreedBytes <= 0 {
		t.Fatalf("space %+v: %+v", space, measured)
	}

	fakeZFS(t, fake, "hold", "audit", "tank/vault/web1@"+names[0])
	apply := func() api.Task {
		plan, err := s.RetentionPlan("web1", PlanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		task, err := s.StartRetentionApply("web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 2}, admin())
		if err != nil {
			t.Fatal(err)
		}
		return waitDone(t, s, task.ID)
	}
	if task := apply(); task.State != api.TaskFailed || !strings.Contains(task.Error, "held by audit") {
		t.Fatalf("apply over a held snapshot: %+v", task)
	}
	if _, err := s.store.GetSnapshot("web1", names[0]); err != nil {
		t.Errorf("the held snapshot's record went: %v", err)
	}
	fakeZFS(t, fake, "release", "audit", "tank/vault/web1@"+names[0])
	if task := apply(); task.State != api.TaskSucceeded {
		t.Fatalf("apply: %+v", task)
	}
	onDisk, _ := s.snapshotsOf("web1")
	if snaps, other, err := onDisk.List(); err != nil || !slices.Equal(snaps, names[2:]) || len(other) != 1 {
		t.Errorf("left: %v %v %v", snaps, other, err)
	}
	var destroyed []string
	for _, c := range fake.Calls() {
		if c.Args[0] == "destroy" && !slices.Contains(c.Args, "-n") {
			destroyed = append(destroyed, c.Args[len(c.Args)-1])
		}
	}
	if want := []string{"tank/vault/web1@" + names[0], "tank/vault/web1@" + names[1]}; !slices.Equal(destroyed, want) {
		t.Errorf("destroyed %v, want %v (never the hand-made %s)", destroyed, want, hand)
	}
}

// A host in a zfs-dataset repository uses its repository and its own
// dataset, so the storage service refuses to destroy either under it.
func TestZFSLayoutStorageUses(t *testing.T) {
	s, _ := zfsHostService(t)
	uses, err := s.StorageUses(context.Background())
	web1 := api.StorageUser{Kind: api.UserHost, ID: "web1", Name: "web1"}
	if err != nil || len(uses) != 2 || uses[0] != (api.StorageUse{Repository: "vault", User: web1}) ||
		uses[1].Object == nil || *uses[1].Object != (api.StorageObject{Kind: api.ObjectZFSDataset, Name: "tank/vault/web1"}) || uses[1].User != web1 {
		t.Fatalf("uses %+v %v", uses, err)
	}
}
