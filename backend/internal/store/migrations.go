package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A migration moves the schema from version-1 to version. They run in
// order, all in one transaction: a failure leaves the file as it was.
// Every migration MUST have its own test in migrations_test.go.
type migration struct {
	version int
	what    string
	apply   func(tx *bolt.Tx) error
}

var migrations = []migration{
	{1, "create the meta, tasks, task_logs, audit and settings buckets", func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketTasks, bucketTaskLogs, bucketAudit, bucketSettings} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "create the hosts and snapshots buckets (pull backups)", func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketHosts, bucketSnapshots} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{3, "create the schedules and retention buckets", func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSchedules, bucketRetention} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{4, "create the bacula_jobs bucket (the index of the Bacula catalog's jobs)", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketBaculaJobs)
		return err
	}},
	{5, "create the tape_media bucket (the tape media inventory)", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketTapeMedia)
		return err
	}},
}

// SchemaVersion is the version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func migrate(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		current := 0
		if v := meta.Get(keySchemaVersion); v != nil {
			current = int(fromU64(v))
		}
		if current > SchemaVersion() {
			return fmt.Errorf("schema version %d is newer than this bamsd understands (%d): refusing to touch it", current, SchemaVersion())
		}
		for _, m := range migrations {
			if m.version <= current {
				continue
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
			}
			current = m.version
		}
		return meta.Put(keySchemaVersion, u64(uint64(current)))
	})
}
