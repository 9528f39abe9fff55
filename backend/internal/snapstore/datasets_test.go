package snapstore

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
	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakezfs"
)

// zfsRepository is a fake pool with a zfs-dataset repository, tank/repo
// (mountpoint=legacy, as repos makes it), whose folder is <tmp>/repo; it
// returns the layout of host web1 in it.
func zfsRepository(t *testing.T) (*Datasets, *fakezfs.Fake) {
	t.Helper()
	st := fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE", Size: 10 << 30}},
		Datasets: map[string]*fakezfs.Dataset{
			"tank":      {Type: "filesystem", Props: map[string]string{}},
			"tank/repo": {Type: "filesystem", Props: map[string]string{"mountpoint": "legacy"}},
		}}
	fake := fakezfs.New(t, st)
	repo := filepath.Join(t.TempDir(), "repo")
	if err := os.Mkdir(repo, 0o700); err != nil {
		t.Fatal(err)
	}
	return NewDatasets(filepath.Join(repo, "web1"), "tank/repo", &execx.Runner{Path: fake.Path, Timeout: 10 * time.Second}), fake
}

// zfsCommand runs the fake as an admin would, by hand.
func zfsCommand(t *testing.T, fake *fakezfs.Fake, args ...string) {
	t.Helper()
	if out, err := exec.Command(filepath.Join(fake.Path, "zfs"), args...).CombinedOutput(); err != nil {
		t.Fatalf("zfs %v: %v: %s", args, err, out)
	}
}

// A run's life on a ZFS dataset: the host's dataset made and mounted at
// the first Stage, the working copy pruned to the pulled paths (never its
// .zfs), each Commit an owned ZFS snapshot whose files are read from
// .zfs/snapshot and never change when the working copy is rewritten in
// place, and removal a zfs destroy.
func TestDatasetsLifecycle(t *testing.T) {
	v, fake := zfsRepository(t)
	if snaps, other, err := v.List(); err != nil || snaps != nil || other != nil {
		t.Fatalf("before the first run: %v %v %v", snaps, other, err)
	}
	working, err := v.Stage("7", []string{"srv"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Path(working) != v.Dir() {
		t.Fatalf("the working copy is at %s, want the dataset's folder %s", v.Path(working), v.Dir())
	}
	d := fake.Load().Datasets["tank/repo/web1"]
	if d == nil || !d.Mounted || d.Props["mountpoint"] != v.Dir() || d.Props["canmount"] != "noauto" || d.Props["bams:owner"] != "backup:web1" {
		t.Fatalf("the host's dataset %+v", d)
	}
	os.MkdirAll(filepath.Join(v.Dir(), "srv"), 0o755)
	os.WriteFile(filepath.Join(v.Dir(), "srv", "a.txt"), []byte("v1"), 0o640)
	os.WriteFile(filepath.Join(v.Dir(), "no-longer-pulled"), []byte("x"), 0o600)
	if err := v.Commit(working, api.Snapshot{Host: "web1", Name: snap1, State: api.SnapshotComplete}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(v.Path(snap1), "srv", "a.txt")); string(got) != "v1" {
		t.Fatalf("the snapshot's file %q", got)
	}
	if m := v.Metadata(snap1); m == nil || m.Name != snap1 || m.State != api.SnapshotComplete {
		t.Errorf("metadata %+v", m)
	}
	if _, err := os.Lstat(filepath.Join(v.Dir(), MetadataFile)); !os.IsNotExist(err) {
		t.Errorf("the working copy kept the metadata file: %v", err)
	}
	if err := v.Commit(working, api.Snapshot{Host: "web1", Name: snap1}); err == nil {
		t.Error("a commit took a snapshot name twice")
	}

	// rewritten in place: the snapshot keeps its bytes
	os.WriteFile(filepath.Join(v.Dir(), "srv", "a.txt"), []byte("v2"), 0o640)
	if _, err := v.Stage("8", []string{"srv"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(v.Dir(), "no-longer-pulled")); !os.IsNotExist(err) {
		t.Errorf("a path no longer pulled stayed in the working copy: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(v.Path(snap1), "srv", "a.txt")); string(got) != "v1" {
		t.Errorf("rewriting the working copy changed the snapshot: %q", got)
	}
	if err := v.Commit(working, api.Snapshot{Host: "web1", Name: snap2, State: api.SnapshotComplete}); err != nil {
		t.Fatal(err)
	}
	root, err := v.Open(snap2)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := root.ReadFile("srv/a.txt")
	root.Close()
	if string(got) != "v2" {
		t.Errorf("opened %s: srv/a.txt %q", snap2, got)
	}
	if snaps, other, err := v.List(); err != nil || !slices.Equal(snaps, []string{snap1, snap2}) || other != nil {
		t.Fatalf("List = %v %v %v", snaps, other, err)
	}
	if freed, _, err := v.Freed(context.Background(), []string{snap1, snap2}, func(int, int64) {}); err != nil || freed <= 0 {
		t.Errorf("Freed = %d, %v", freed, err)
	}

	if err := v.Remove(snap1); err != nil {
		t.Fatal(err)
	}
	if ok, err := v.Exists(snap1); ok || err != nil {
		t.Errorf("after Remove: Exists = %v, %v", ok, err)
	}
	if _, err := os.Lstat(v.Path(snap1)); !os.IsNotExist(err) {
		t.Errorf("the removed snapshot's files are still there: %v", err)
	}
	want := [][]string{
		{"create", "-o", "bams:owner=backup:web1", "-o", "canmount=noauto", "-o", "devices=off", "-o", "mountpoint=" + v.Dir(), "-o", "setuid=off", "tank/repo/web1"},
		{"snapshot", "-o", "bams:owner=backup:web1", "tank/repo/web1@" + snap1},
		{"snapshot", "-o", "bams:owner=backup:web1", "tank/repo/web1@" + snap2},
		{"destroy", "-n", "-v", "-p", "tank/repo/web1@" + snap1 + "," + snap2},
		{"destroy", "tank/repo/web1@" + snap1},
	}
	var changes [][]string
	for _, c := range fake.Calls() {
		if c.Args[0] != "list" && c.Args[0] != "get" && c.Args[0] != "mount" && c.Args[0] != "holds" {
			changes = append(changes, c.Args)
		}
	}
	if !slices.EqualFunc(changes, want, slices.Equal) {
		t.Errorf("zfs commands that change something:\n got %q\nwant %q", changes, want)
	}
}

// Snapshots of the host's dataset that BAMS's backups did not take (by
// hand, by another owner, named otherwise) are listed as other with the
// reason, are never snapshots, and are never destroyed; a held or cloned
// snapshot of its own is refused naming the hold or the clone.
func TestDatasetsNeverRemoveForeignOrHeldSnapshots(t *testing.T) {
	v, fake := zfsRepository(t)
	working, err := v.Stage("7", []string{""})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Commit(working, api.Snapshot{Host: "web1", Name: snap2}); err != nil {
		t.Fatal(err)
	}
	zfsCommand(t, fake, "snapshot", "tank/repo/web1@"+snap1)                                                   // by hand
	zfsCommand(t, fake, "snapshot", "-o", "bams:owner=snaptask:hourly", "tank/repo/web1@2026-11-24T01-30-00Z") // a snapshot task's
	zfsCommand(t, fake, "snapshot", "tank/repo/web1@before-upgrade")
	// a child dataset's snapshots are not the host's
	zfsCommand(t, fake, "create", "tank/repo/web1/scratch")
	zfsCommand(t, fake, "snapshot", "-o", "bams:owner=backup:web1", "tank/repo/web1/scratch@"+snap1)
	snaps, other, err := v.List()
	if err != nil || !slices.Equal(snaps, []string{snap2}) {
		t.Fatalf("List = %v, %v", snaps, err)
	}
	wantOther := []string{
		snap1 + ": a ZFS snapshot BAMS's backups did not take (bams:owner -)",
		"2026-11-24T01-30-00Z: a ZFS snapshot BAMS's backups did not take (bams:owner snaptask:hourly)",
		"before-upgrade: not a snapshot name",
	}
	if !slices.Equal(other, wantOther) {
		t.Errorf("other\n got %q\nwant %q", other, wantOther)
	}
	for _, name := range []string{snap1, "2026-11-24T01-30-00Z"} {
		if ok, err := v.Exists(name); ok || err == nil {
			t.Errorf("Exists(%s) = %v, %v: want an error", name, ok, err)
		}
		if err := v.Remove(name); err == nil || !strings.Contains(err.Error(), "did not take") {
			t.Errorf("Remove(%s) = %v", name, err)
		}
		if _, _, err := v.Freed(context.Background(), []string{name}, func(int, int64) {}); err == nil {
			t.Errorf("Freed(%s) measured a foreign snapshot", name)
		}
		if m := v.Metadata(name); m != nil {
			t.Errorf("Metadata(%s) = %+v", name, m)
		}
	}

	zfsCommand(t, fake, "hold", "keep-for-audit", "tank/repo/web1@"+snap2)
	if err := v.CanRemove(snap2); err == nil || !strings.Contains(err.Error(), "held by keep-for-audit") {
		t.Errorf("CanRemove of a held snapshot = %v", err)
	}
	if err := v.Remove(snap2); err == nil || !strings.Contains(err.Error(), "keep-for-audit") {
		t.Errorf("Remove of a held snapshot = %v", err)
	}
	zfsCommand(t, fake, "release", "keep-for-audit", "tank/repo/web1@"+snap2)
	st := fake.Load()
	st.Datasets["tank/restored"] = &fakezfs.Dataset{Type: "filesystem", Props: map[string]string{"origin": "tank/repo/web1@" + snap2}}
	fake.Save(st)
	if err := v.Remove(snap2); err == nil || !strings.Contains(err.Error(), "clones (tank/restored)") {
		t.Errorf("Remove of a cloned snapshot = %v", err)
	}
	for _, c := range fake.Calls() {
		if c.Args[0] == "destroy" && !slices.Contains(c.Args, "-n") {
			t.Errorf("a snapshot was destroyed: %q", c.Args)
		}
	}
	if _, err := os.Stat(v.Path(snap2)); err != nil {
		t.Errorf("the held snapshot's files: %v", err)
	}
}

// A dataset by the host's name that is not BAMS's backup of that host (an
// admin's own, or one mounted elsewhere) is never written to, so rsync
// --delete cannot empty it; nor is one where hosts' setuid files or
// device nodes would work.
func TestDatasetsRefuseADatasetNotTheirs(t *testing.T) {
	for _, c := range []struct {
		props map[string]string // besides the right owner, mountpoint, setuid and devices
		why   string
	}{
		{map[string]string{"bams:owner": "-"}, "is not BAMS's backup of this host (bams:owner -, want backup:web1)"},
		{map[string]string{"bams:owner": "backup:web2"}, "is not BAMS's backup of this host (bams:owner backup:web2"},
		{map[string]string{"mountpoint": "/srv/web1"}, "has mountpoint /srv/web1"},
		{map[string]string{"setuid": "on"}, "has setuid=on"},
		{map[string]string{"devices": "on"}, "has devices=on"},
	} {
		v, fake := zfsRepository(t)
		props := map[string]string{"bams:owner": "backup:web1", "mountpoint": v.Dir(), "setuid": "off", "devices": "off"}
		for k, val := range c.props {
			props[k] = val
		}
		if props["bams:owner"] == "-" {
			delete(props, "bams:owner")
		}
		st := fake.Load()
		st.Datasets["tank/repo/web1"] = &fakezfs.Dataset{Type: "filesystem", Props: props}
		fake.Save(st)
		if _, err := v.Stage("7", nil); err == nil || !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), "refusing to use it") {
			t.Errorf("%v: Stage = %v", c.props, err)
		}
		for _, call := range fake.Calls() {
			if call.Args[0] == "mount" || call.Args[0] == "create" {
				t.Errorf("%v: ran zfs %q", c.props, call.Args)
			}
		}
	}
}
