package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"bams/backend/api"

	bolt "go.etcd.io/bbolt"
)

// A migration moves the schema from version-1 to version. They run in
// order, all in one transaction: a failure leaves the file as it was.
// Every migration MUST have its own test in migrations_test.go.
type migration struct {
	version int
	what    string
	apply   func(tx *bolt.Tx, o Options) error
}

var migrations = []migration{
	{1, "create the meta, tasks, task_logs, audit and settings buckets", func(tx *bolt.Tx, _ Options) error {
		for _, name := range [][]byte{bucketTasks, bucketTaskLogs, bucketAudit, bucketSettings} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "create the hosts and snapshots buckets (pull backups)", func(tx *bolt.Tx, _ Options) error {
		for _, name := range [][]byte{bucketHosts, bucketSnapshots} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{3, "create the schedules and retention buckets", func(tx *bolt.Tx, _ Options) error {
		for _, name := range [][]byte{bucketSchedules, bucketRetention} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{4, "create the bacula_jobs bucket (the index of the Bacula catalog's jobs)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketBaculaJobs)
		return err
	}},
	{5, "create the repositories bucket, the default repository (the backup root) and put every host in it", migrateToRepositories},
	{6, "create the iscsi_targets bucket (the desired iSCSI configuration)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketISCSI)
		return err
	}},
	{7, "create the tape_media bucket (the tape media inventory)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketTapeMedia)
		return err
	}},
	{8, "create the alerts bucket (open alerts and their history)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketAlerts)
		return err
	}},
	{9, "create the notify_targets and notify_queue buckets (alert notifications)", func(tx *bolt.Tx, _ Options) error {
		for _, name := range [][]byte{bucketNotifyTargets, bucketNotifyQueue} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}},
	{10, "create the samples bucket (the dashboard's charts)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketSamples)
		return err
	}},
	{11, "create the snapshot_tasks bucket (periodic snapshot tasks)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketSnapTasks)
		return err
	}},
	{12, "create the replication_tasks bucket (replication tasks)", func(tx *bolt.Tx, _ Options) error {
		_, err := tx.CreateBucketIfNotExists(bucketReplication)
		return err
	}},
}

// migrateToRepositories makes today's backup root the default repository,
// a folder, and puts every host in it: <root>/<host> stays every host's
// folder, so an upgraded appliance loses nothing and moves nothing.
func migrateToRepositories(tx *bolt.Tx, o Options) error {
	if !filepath.IsAbs(o.BackupRoot) || filepath.Clean(o.BackupRoot) != o.BackupRoot {
		return fmt.Errorf("the backup root %q must be an absolute clean path: it becomes the default repository", o.BackupRoot)
	}
	b, err := tx.CreateBucketIfNotExists(bucketRepos)
	if err != nil {
		return err
	}
	def := api.Repository{ID: api.DefaultRepo, Name: api.DefaultRepo, Kind: api.RepoFolder,
		Backing: api.StorageObject{Kind: api.ObjectFolder, Name: o.BackupRoot}, Mountpoint: o.BackupRoot, Created: time.Now().UTC()}
	if err := putJSON(b, def.ID, def); err != nil {
		return err
	}
	// Hosts are rewritten field by field, so nothing a host record holds
	// is lost on the way through a type.
	hosts := tx.Bucket(bucketHosts)
	moved := map[string][]byte{} // bbolt's ForEach must not see its bucket change
	err = hosts.ForEach(func(k, v []byte) error {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(v, &fields); err != nil {
			return fmt.Errorf("host %s: %w", k, err)
		}
		fields["repository"] = json.RawMessage(`"` + api.DefaultRepo + `"`)
		raw, err := json.Marshal(fields)
		moved[string(k)] = raw
		return err
	})
	if err != nil {
		return err
	}
	for k, raw := range moved {
		if err := hosts.Put([]byte(k), raw); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func migrate(db *bolt.DB, o Options) error {
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
			if err := m.apply(tx, o); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
			}
			current = m.version
		}
		return meta.Put(keySchemaVersion, u64(uint64(current)))
	})
}
