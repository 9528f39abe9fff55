package pullbackup

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"bams/backend/api"
)

// A snapshot whose top already holds the metadata file's name (a host
// backing up "/" put a symlink there) is never written through: finalize
// fails before the staging folder becomes a snapshot, and the symlink's
// target is untouched. Discover does not read through such a link either.
func TestMetadataFileIsNeverWrittenThroughALink(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	dir := hostDirOf(t, s, "web1")
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	staging := stagingPrefix + "7"
	os.MkdirAll(filepath.Join(dir, staging), 0o700)
	os.Symlink(victim, filepath.Join(dir, staging, metadataFile))

	snap := api.Snapshot{Host: "web1", Name: "2026-11-22T02-15-00Z", State: api.SnapshotComplete}
	if err := s.finalize("web1", staging, &snap); !errors.Is(err, os.ErrExist) {
		t.Errorf("finalize over a symlink: %v, want it refused", err)
	}
	if raw, _ := os.ReadFile(victim); string(raw) != "precious" {
		t.Errorf("the link's target was written: %q", raw)
	}
	if _, err := os.Lstat(filepath.Join(dir, snap.Name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused staging folder became snapshot %s: %v", snap.Name, err)
	}
	// discover: the name alone, not what the link points at
	os.Rename(filepath.Join(dir, staging), filepath.Join(dir, snap.Name))
	good, _ := json.Marshal(api.Snapshot{Host: "web1", Name: snap.Name, State: api.SnapshotComplete})
	os.WriteFile(victim, good, 0o600)
	if _, err := s.Discover("web1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.store.GetSnapshot("web1", snap.Name); got.State != api.SnapshotUnknown {
		t.Errorf("discover read through the link: %+v", got)
	}
}
