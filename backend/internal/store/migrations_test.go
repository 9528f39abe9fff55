package store

import (
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Migration 1 creates every bucket and records the schema version.
func TestMigration1CreatesBuckets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketTasks, bucketTaskLogs, bucketAudit, bucketSettings} {
			if tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing", b)
			}
		}
		if v := tx.Bucket(bucketMeta).Get(keySchemaVersion); v == nil || fromU64(v) != uint64(SchemaVersion()) {
			t.Errorf("schema version %v, want %d", v, SchemaVersion())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// re-opening runs no migration twice and keeps the data
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(uint64(SchemaVersion()+1)))
	})
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("got %v, want a refusal of a newer schema", err)
	}
}

func TestMigrationsAreOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Fatalf("migration %d has version %d: versions must be 1, 2, 3, ...", i, m.version)
		}
	}
}

// openAt writes a database as schema version n left it (migrations 1..n,
// then seed), and opens it with this build, which migrates it the rest of
// the way.
func openAt(t *testing.T, n int, seed func(tx *bolt.Tx) error) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bams.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		for _, m := range migrations[:n] {
			if err := m.apply(tx); err != nil {
				return err
			}
		}
		if err := seed(tx); err != nil {
			return err
		}
		return meta.Put(keySchemaVersion, u64(uint64(n)))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if v := schemaOf(s); v != SchemaVersion() {
		t.Fatalf("schema version %d after migrating, want %d", v, SchemaVersion())
	}
	return s
}

func schemaOf(s *Store) (v int) {
	s.db.View(func(tx *bolt.Tx) error {
		v = int(fromU64(tx.Bucket(bucketMeta).Get(keySchemaVersion)))
		return nil
	})
	return v
}

func hasBuckets(s *Store, names ...[]byte) (ok bool) {
	s.db.View(func(tx *bolt.Tx) error {
		ok = true
		for _, n := range names {
			ok = ok && tx.Bucket(n) != nil
		}
		return nil
	})
	return ok
}

// Migration 2 adds the pull-backup buckets to a version-1 database and
// keeps what it held.
func TestMigration2AddsHostsAndSnapshots(t *testing.T) {
	s := openAt(t, 1, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTasks).Put(u64(1), []byte(`{"id":"1","kind":"selfcheck","state":"succeeded"}`))
	})
	if !hasBuckets(s, bucketHosts, bucketSnapshots) {
		t.Error("migration 2 did not create hosts and snapshots")
	}
	if task, err := s.GetTask("1", false); err != nil || task.Kind != "selfcheck" {
		t.Fatalf("the version-1 task was lost: %+v %v", task, err)
	}
}

// Migration 3 adds the schedules and retention buckets to a version-2
// database and keeps its hosts.
func TestMigration3AddsSchedulesAndRetention(t *testing.T) {
	s := openAt(t, 2, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHosts).Put([]byte("web1"), []byte(`{"name":"web1"}`))
	})
	if !hasBuckets(s, bucketSchedules, bucketRetention) {
		t.Error("migration 3 did not create schedules and retention")
	}
	if h, err := s.GetHost("web1"); err != nil || h.Name != "web1" {
		t.Fatalf("the version-2 host was lost: %+v %v", h, err)
	}
}

// Migration 4 adds the Bacula job index to a version-3 database and keeps
// its schedules.
func TestMigration4AddsBaculaJobs(t *testing.T) {
	s := openAt(t, 3, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSchedules).Put([]byte("web1"), []byte(`{"host":"web1","cron":"@daily"}`))
	})
	if !hasBuckets(s, bucketBaculaJobs) {
		t.Error("migration 4 did not create bacula_jobs")
	}
	if sc, err := s.GetSchedule("web1"); err != nil || sc.Cron != "@daily" {
		t.Fatalf("the version-3 schedule was lost: %+v %v", sc, err)
	}
}

// Migration 5 adds the tape media inventory to a version-4 database and
// keeps its job index.
func TestMigration5AddsTapeMedia(t *testing.T) {
	s := openAt(t, 4, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBaculaJobs).Put(u64(7), []byte(`{"jobid":7,"name":"BackupA"}`))
	})
	if !hasBuckets(s, bucketTapeMedia) {
		t.Error("migration 5 did not create tape_media")
	}
	var kept []byte
	s.db.View(func(tx *bolt.Tx) error { kept = tx.Bucket(bucketBaculaJobs).Get(u64(7)); return nil })
	if string(kept) != `{"jobid":7,"name":"BackupA"}` {
		t.Fatalf("the version-4 job index entry was lost: %q", kept)
	}
}
