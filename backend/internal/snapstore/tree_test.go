package snapstore

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"bams/backend/api"
)

const snap1, snap2 = "2026-11-22T01-30-00Z", "2026-11-23T01-30-00Z"

// A run's life on disk: staged, committed under its name with its
// metadata, listed, opened, removed; staging leftovers newest first.
func TestTreeLifecycle(t *testing.T) {
	tree := NewTree(filepath.Join(t.TempDir(), "web1"))
	if snaps, other, err := tree.List(); err != nil || snaps != nil || other != nil {
		t.Fatalf("a host folder not made yet: %v %v %v", snaps, other, err)
	}
	for _, id := range []string{"9", "10", "2"} {
		if _, err := tree.Stage(id, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := tree.Stagings(); !reflect.DeepEqual(got, []string{".staging-10", ".staging-9", ".staging-2"}) {
		t.Errorf("stagings %v, want newest task first", got)
	}
	if _, err := tree.Stage("10", nil); err == nil {
		t.Error("a run's staging folder was staged twice")
	}
	os.WriteFile(filepath.Join(tree.Path(".staging-10"), "hosts"), []byte("x"), 0o600)
	if err := tree.Commit(".staging-10", api.Snapshot{Host: "web1", Name: snap1, State: api.SnapshotComplete}); err != nil {
		t.Fatal(err)
	}
	if err := tree.Commit(".staging-9", api.Snapshot{Host: "web1", Name: snap1}); err == nil {
		t.Error("a commit replaced an existing snapshot")
	}
	if m := tree.Metadata(snap1); m == nil || m.Host != "web1" || m.State != api.SnapshotComplete {
		t.Errorf("metadata %+v", m)
	}
	root, err := tree.Open(snap1)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := root.ReadFile("hosts"); err != nil || string(b) != "x" {
		t.Errorf("opened snapshot: %q %v", b, err)
	}
	root.Close()
	os.WriteFile(tree.Path("notes.txt"), nil, 0o600)
	snaps, other, _ := tree.List()
	if !reflect.DeepEqual(snaps, []string{snap1}) || len(other) != 3 {
		t.Errorf("list %v, other %v", snaps, other)
	}
	if err := tree.DropStaging(".staging-9"); err != nil {
		t.Fatal(err)
	}
	if err := tree.Remove(snap1); err != nil {
		t.Fatal(err)
	}
	if ok, err := tree.Exists(snap1); ok || err != nil {
		t.Errorf("removed snapshot still there: %v %v", ok, err)
	}
	if err := tree.Remove(snap1); err != nil {
		t.Errorf("removing an absent snapshot: %v", err)
	}
}

// No name reaches outside the host's folder, and a staging folder is
// never taken for a snapshot.
func TestTreeRefusesOtherNames(t *testing.T) {
	tree := NewTree(t.TempDir())
	for _, name := range []string{"", "..", "../x", "/etc", snap1 + "/etc", StagingName("3"), "etc"} {
		if _, err := tree.Exists(name); err == nil {
			t.Errorf("Exists(%q) accepted", name)
		}
		if err := tree.Remove(name); err == nil {
			t.Errorf("Remove(%q) accepted", name)
		}
		if _, err := tree.Open(name); err == nil {
			t.Errorf("Open(%q) accepted", name)
		}
	}
	for _, id := range []string{"", "..", "../x", "a/b"} {
		if _, err := tree.Stage(id, nil); err == nil {
			t.Errorf("Stage(%q) accepted", id)
		}
		if err := tree.DropStaging(StagingName(id)); err == nil {
			t.Errorf("DropStaging(%q) accepted", id)
		}
	}
}

// A symlink or a file under a snapshot's name is refused, never followed:
// removing it touches neither it nor what it points at.
func TestTreeNeverFollowsALinkedSnapshot(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o600)
	os.Symlink(outside, filepath.Join(dir, snap1))
	os.WriteFile(filepath.Join(dir, snap2), nil, 0o600)
	tree := NewTree(dir)
	for _, name := range []string{snap1, snap2} {
		if ok, err := tree.Exists(name); ok || err == nil {
			t.Errorf("%s: exists %v, %v", name, ok, err)
		}
		if err := tree.Remove(name); err == nil {
			t.Errorf("%s removed", name)
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s gone: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "precious")); err != nil {
		t.Fatal("followed the symlink")
	}
}

// A snapshot whose top already holds the metadata file's name (a host
// backing up "/" put a symlink there) is never written through: the commit
// fails before the staging folder becomes a snapshot, the link's target is
// untouched, and reading metadata does not follow such a link either.
func TestMetadataFileIsNeverWrittenThroughALink(t *testing.T) {
	tree := NewTree(t.TempDir())
	victim := filepath.Join(t.TempDir(), "victim")
	precious := `{"host":"web1","name":"` + snap1 + `","state":"complete"}`
	os.WriteFile(victim, []byte(precious), 0o600)
	staging, _ := tree.Stage("7", nil)
	os.Symlink(victim, filepath.Join(tree.Path(staging), MetadataFile))

	if err := tree.Commit(staging, api.Snapshot{Host: "web1", Name: snap1}); !errors.Is(err, os.ErrExist) {
		t.Errorf("commit over a symlink: %v, want it refused", err)
	}
	if ok, _ := tree.Exists(snap1); ok {
		t.Error("the refused staging folder became a snapshot")
	}
	os.Rename(tree.Path(staging), tree.Path(snap1))
	if m := tree.Metadata(snap1); m != nil {
		t.Errorf("metadata read through a link: %+v", m)
	}
	if err := tree.SetMetadata(api.Snapshot{Host: "web1", Name: snap1}); !errors.Is(err, os.ErrExist) {
		t.Errorf("set metadata over a symlink: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != precious {
		t.Errorf("the link's target was written: %q", b)
	}
}
