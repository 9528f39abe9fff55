package pullbackup

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/repos"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

func newService(t *testing.T) *Service {
	t.Helper()
	return newServiceIn(t, t.TempDir())
}

// newServiceIn is a service over dir/bams.db (migrated if a test put an
// older one there), its backup root dir/backups.
func newServiceIn(t *testing.T, dir string) *Service {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: filepath.Join(dir, "backups")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	// runs the test started end before the store closes and the folder goes
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	return New(Options{Store: st, Tasks: m, Runner: &execx.Runner{Path: dir}, BackupRoot: filepath.Join(dir, "backups"), Repositories: repos.NewFolders(st, nil),
		SSHKey: filepath.Join(dir, "ssh", "id_ed25519"), Location: time.UTC, MaxParallel: 2})
}

func kindOf(err error) api.ErrorKind {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return ""
}

func TestHostLifecycle(t *testing.T) {
	s := newService(t)
	h, err := s.CreateHost(validHost())
	if err != nil || h.Port != 22 || h.Created.IsZero() {
		t.Fatalf("%+v %v", h, err)
	}
	if _, err := s.CreateHost(validHost()); kindOf(err) != api.KindConflict {
		t.Fatalf("duplicate: %v", err)
	}
	// an accepted key is cleared when the address changes
	stored, _ := s.store.GetHost("web1")
	stored.HostKey = "SHA256:abc"
	s.store.UpdateHost(stored)
	edit := validHost()
	edit.Address = "127.0.0.3"
	updated, err := s.UpdateHost("web1", edit)
	if err != nil || updated.HostKey != "" || updated.Created != h.Created {
		t.Fatalf("%+v %v", updated, err)
	}
	edit.Name = "other"
	if _, err := s.UpdateHost("web1", edit); kindOf(err) != api.KindBadRequest {
		t.Fatalf("rename: %v", err)
	}
	if _, err := s.Host("nope"); kindOf(err) != api.KindNotFound {
		t.Fatalf("missing host: %v", err)
	}
	// a busy host cannot be deleted
	lock, _ := s.locks.acquireForTask("web1")
	lock.setTask("7")
	if err := s.DeleteHost("web1"); kindOf(err) != api.KindBusy {
		t.Fatalf("delete while busy: %v", err)
	}
	lock.release()
	lock.release() // harmless
	if err := s.DeleteHost("web1"); err != nil {
		t.Fatal(err)
	}
}

// Discover records what is on disk and nothing else, and is idempotent.
func TestDiscover(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	dir := hostDirOf(t, s, "web1")
	complete := api.Snapshot{Host: "web1", Name: "2026-11-20T02-15-00Z", Kind: api.KindScheduled, State: api.SnapshotComplete, TotalBytes: 123}
	for _, d := range []string{complete.Name, "2026-11-21T02-15-00Z", ".staging-12", "lost+found", "2026-11-22T02-15-00Z"} {
		os.MkdirAll(filepath.Join(dir, d), 0o700)
	}
	meta, _ := json.Marshal(complete)
	os.WriteFile(filepath.Join(dir, complete.Name, snapstore.MetadataFile), meta, 0o600)
	os.WriteFile(filepath.Join(dir, "2026-11-21T02-15-00Z", "data"), []byte("x"), 0o600)
	os.Symlink("/etc", filepath.Join(dir, "2026-11-23T02-15-00Z"))
	s.store.PutSnapshot(api.Snapshot{Host: "web1", Name: "2026-11-22T02-15-00Z", State: api.SnapshotFailed})

	res, err := s.Discover("web1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 2 || res.Known != 1 || len(res.Skipped) != 3 {
		t.Fatalf("%+v", res)
	}
	got, _ := s.store.GetSnapshot("web1", complete.Name)
	if got.State != api.SnapshotComplete || got.TotalBytes != 123 {
		t.Fatalf("metadata not used: %+v", got)
	}
	if got, _ := s.store.GetSnapshot("web1", "2026-11-21T02-15-00Z"); got.State != api.SnapshotUnknown {
		t.Fatalf("bare folder: %+v", got)
	}
	if got, _ := s.store.GetSnapshot("web1", "2026-11-22T02-15-00Z"); got.State != api.SnapshotFailed {
		t.Fatalf("a known record was changed: %+v", got)
	}
	again, _ := s.Discover("web1")
	if len(again.Added) != 0 || again.Known != 3 {
		t.Fatalf("second discover: %+v", again)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "2026-11-21T02-15-00Z", "data")); string(b) != "x" {
		t.Fatal("discover touched data")
	}
	// filters
	unknown, _ := s.Snapshots("web1", SnapshotFilter{State: api.SnapshotUnknown})
	if len(unknown) != 1 {
		t.Fatalf("state filter: %+v", unknown)
	}
	day, _ := s.Snapshots("web1", SnapshotFilter{Year: 2026, Month: 11, Day: 20})
	if len(day) != 1 || day[0].Name != complete.Name {
		t.Fatalf("date filter: %+v", day)
	}
	all, _ := s.Snapshots("web1", SnapshotFilter{})
	if len(all) != 3 || all[0].Name != "2026-11-22T02-15-00Z" {
		t.Fatalf("not newest first: %+v", all)
	}
}

// hostDirOf is the folder of a host the test created.
func hostDirOf(t testing.TB, s *Service, host string) string {
	t.Helper()
	dir, err := s.hostDir(host)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
