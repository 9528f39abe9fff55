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

// Migration 2 adds the pull-backup buckets to a version-1 database and
// keeps what it held.
func TestMigration2AddsHostsAndSnapshots(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	// a database as version 1 left it, with one task
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].apply(tx); err != nil {
			return err
		}
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		tx.Bucket(bucketTasks).Put(u64(1), []byte(`{"id":"1","kind":"selfcheck","state":"succeeded"}`))
		return meta.Put(keySchemaVersion, u64(1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketHosts) == nil || tx.Bucket(bucketSnapshots) == nil {
			t.Error("migration 2 did not create hosts and snapshots")
		}
		if v := tx.Bucket(bucketMeta).Get(keySchemaVersion); fromU64(v) != uint64(SchemaVersion()) {
			t.Errorf("schema version %d, want %d", fromU64(v), SchemaVersion())
		}
		return nil
	})
	if task, err := s.GetTask("1", false); err != nil || task.Kind != "selfcheck" {
		t.Fatalf("the version-1 task was lost: %+v %v", task, err)
	}
}

// Migration 3 adds the schedules and retention buckets to a version-2
// database and keeps its hosts.
func TestMigration3AddsSchedulesAndRetention(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:2] {
			if err := m.apply(tx); err != nil {
				return err
			}
		}
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		tx.Bucket(bucketHosts).Put([]byte("web1"), []byte(`{"name":"web1"}`))
		return meta.Put(keySchemaVersion, u64(2))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSchedules) == nil || tx.Bucket(bucketRetention) == nil {
			t.Error("migration 3 did not create schedules and retention")
		}
		return nil
	})
	if h, err := s.GetHost("web1"); err != nil || h.Name != "web1" {
		t.Fatalf("the version-2 host was lost: %+v %v", h, err)
	}
}
