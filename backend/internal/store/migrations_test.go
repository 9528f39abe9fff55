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
		if v := tx.Bucket(bucketMeta).Get(keySchemaVersion); v == nil || fromU64(v) != 1 {
			t.Errorf("schema version %v, want 1", v)
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
