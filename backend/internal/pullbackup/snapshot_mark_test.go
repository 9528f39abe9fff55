package pullbackup

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// An unknown snapshot (found on disk by discover) becomes complete only
// when an admin marks it: then it is the base of the next run, and it
// gets a metadata file unless it has one.
func TestMarkUnknownSnapshot(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	dir := hostDirOf(t, s, "web1")
	const unknown, other, failed = "2026-11-21T02-15-00Z", "2026-11-22T02-15-00Z", "2026-11-23T02-15-00Z"
	for _, d := range []string{unknown, other} {
		os.MkdirAll(filepath.Join(dir, d, "srv"), 0o700)
	}
	os.WriteFile(filepath.Join(dir, other, snapstore.MetadataFile), []byte("not json"), 0o600)
	if _, err := s.Discover("web1"); err != nil {
		t.Fatal(err)
	}
	s.store.PutSnapshot(api.Snapshot{Host: "web1", Name: failed, State: api.SnapshotFailed})
	if base, _ := s.newestComplete("web1"); base != nil {
		t.Fatalf("an unknown snapshot served as base: %+v", base)
	}

	for _, c := range []struct {
		name, kind string
		want       api.ErrorKind
	}{
		{unknown, "weekly", api.KindBadRequest},
		{"nope", api.KindManual, api.KindBadRequest},
		{"2026-01-01T00-00-00Z", api.KindManual, api.KindConflict}, // no folder
		{failed, api.KindManual, api.KindConflict},                 // no folder either
	} {
		if _, err := s.Mark("web1", c.name, c.kind, "admin"); kindOf(err) != c.want {
			t.Errorf("mark %s as %q: %v, want %s", c.name, c.kind, err, c.want)
		}
	}
	os.MkdirAll(filepath.Join(dir, failed), 0o700)
	if _, err := s.Mark("web1", failed, api.KindManual, "admin"); kindOf(err) != api.KindConflict {
		t.Errorf("marking a failed record: %v", err)
	}
	lock, _ := s.locks.acquire("web1", "discovering snapshot folders")
	if _, err := s.Mark("web1", unknown, api.KindScheduled, "admin"); kindOf(err) != api.KindBusy {
		t.Errorf("marking while the host is locked: %v", err)
	}
	lock.release()

	snap, err := s.Mark("web1", unknown, api.KindScheduled, "admin")
	if err != nil || snap.State != api.SnapshotComplete || snap.Kind != api.KindScheduled || snap.Marked == nil ||
		snap.Marked.By != "admin" || snap.Started == nil || snap.Started.Format(snapstore.NameLayout) != unknown {
		t.Fatalf("marked: %+v %v", snap, err)
	}
	if base, _ := s.newestComplete("web1"); base == nil || base.Name != unknown {
		t.Errorf("base after marking: %+v", base)
	}
	var meta api.Snapshot
	raw, _ := os.ReadFile(filepath.Join(dir, unknown, snapstore.MetadataFile))
	if json.Unmarshal(raw, &meta) != nil || meta.State != api.SnapshotComplete || meta.Marked == nil {
		t.Errorf("metadata file: %s", raw)
	}
	if _, err := s.Mark("web1", unknown, api.KindScheduled, "admin"); kindOf(err) != api.KindConflict {
		t.Errorf("marking twice: %v", err)
	}
	// a metadata file already there stays as it is
	if _, err := s.Mark("web1", other, api.KindManual, "admin"); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(filepath.Join(dir, other, snapstore.MetadataFile)); string(raw) != "not json" {
		t.Errorf("an existing metadata file was replaced: %q", raw)
	}
}

// A snapshot folder named in the future is found as unknown whatever its
// metadata file says, cannot be marked complete, and a complete record
// dated in the future (a clock that was ahead) is never a base.
func TestSnapshotsDatedInTheFuture(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	dir := hostDirOf(t, s, "web1")
	const past, ahead = "2026-11-21T02-15-00Z", "2031-01-01T00-00-00Z"
	for _, name := range []string{past, ahead} {
		os.MkdirAll(filepath.Join(dir, name, "srv"), 0o700)
		meta, _ := json.Marshal(api.Snapshot{Host: "web1", Name: name, State: api.SnapshotComplete, Kind: api.KindScheduled})
		os.WriteFile(filepath.Join(dir, name, snapstore.MetadataFile), meta, 0o600)
	}
	if _, err := s.Discover("web1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.store.GetSnapshot("web1", ahead)
	if err != nil || got.State != api.SnapshotUnknown || got.Warning != "dated in the future" {
		t.Fatalf("discovered %s: %+v %v", ahead, got, err)
	}
	if _, err := s.Mark("web1", ahead, api.KindScheduled, "admin"); kindOf(err) != api.KindConflict {
		t.Fatalf("marking a snapshot dated in the future: %v", err)
	}
	s.store.PutSnapshot(api.Snapshot{Host: "web1", Name: ahead, State: api.SnapshotComplete, Kind: api.KindScheduled})
	if base, err := s.newestComplete("web1"); err != nil || base == nil || base.Name != past {
		t.Fatalf("base %+v %v, want %s", base, err, past)
	}
}
