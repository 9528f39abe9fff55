package store

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Migration 1 creates every bucket and records the schema version.
func TestMigration1CreatesBuckets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	s, err := Open(path, Options{BackupRoot: "/srv/bams-test"})
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
	s, err = Open(path, Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	s, err := Open(path, Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(uint64(SchemaVersion()+1)))
	})
	s.Close()
	if _, err := Open(path, Options{BackupRoot: "/srv/bams-test"}); err == nil || !strings.Contains(err.Error(), "newer") {
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
	return openAtWith(t, n, Options{BackupRoot: "/srv/bams-test"}, seed)
}

func openAtWith(t *testing.T, n int, o Options, seed func(tx *bolt.Tx) error) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bams.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucketIfNotExists(bucketMeta)
		for _, m := range migrations[:n] {
			if err := m.apply(tx, o); err != nil {
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
	s, err := Open(path, o)
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

// Migration 5 makes the backup root the default repository and puts every
// host a version-4 bamsd wrote in it, keeping each of the host's fields
// and its snapshots: the host's folder, <root>/<host>, does not move.
func TestMigration5PutsHostsInTheDefaultRepository(t *testing.T) {
	// as the previous bamsd wrote them (no repository field)
	oldHost := `{"name":"web1","address":"192.0.2.10","port":2222,"user":"backup","paths":["/etc","/srv/www"],` +
		`"exclude":["*.tmp"],"enabled":true,"pre_backup":"pg_dumpall > /srv/dump.sql","host_key":"SHA256:abc",` +
		`"created":"2026-11-20T02:15:00Z","updated":"2026-11-21T02:15:00Z"}`
	oldSnap := `{"host":"web1","name":"2026-11-20T02-15-00Z","kind":"scheduled","state":"complete","files_transferred":12}`
	s := openAtWith(t, 4, Options{BackupRoot: "/var/lib/bams/backups"}, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketHosts).Put([]byte("web1"), []byte(oldHost)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketHosts).Put([]byte("db1"), []byte(`{"name":"db1","address":"db1.example","paths":["/"]}`)); err != nil {
			return err
		}
		b, err := tx.Bucket(bucketSnapshots).CreateBucket([]byte("web1"))
		if err != nil {
			return err
		}
		return b.Put([]byte("2026-11-20T02-15-00Z"), []byte(oldSnap))
	})
	def, err := s.GetRepository("default")
	if err != nil {
		t.Fatal(err)
	}
	if def.Kind != "folder" || def.Mountpoint != "/var/lib/bams/backups" || def.Backing.Kind != "folder" ||
		def.Backing.Name != "/var/lib/bams/backups" || def.Name != "default" {
		t.Errorf("default repository %+v", def)
	}
	hosts, err := s.ListHosts()
	if err != nil || len(hosts) != 2 {
		t.Fatalf("hosts %+v %v", hosts, err)
	}
	for _, h := range hosts {
		if h.Repository != "default" {
			t.Errorf("host %s is in repository %q, want default", h.Name, h.Repository)
		}
	}
	// every other field as it was
	var raw []byte
	s.db.View(func(tx *bolt.Tx) error { raw = append(raw, tx.Bucket(bucketHosts).Get([]byte("web1"))...); return nil })
	if !sameJSONExcept(t, raw, []byte(oldHost), "repository") {
		t.Errorf("web1 changed beyond its repository:\n got %s\nwant %s", raw, oldHost)
	}
	if snap, err := s.GetSnapshot("web1", "2026-11-20T02-15-00Z"); err != nil || snap.State != "complete" || snap.FilesTransferred != 12 {
		t.Errorf("the snapshot was lost: %+v %v", snap, err)
	}
}

// A backup root that is not an absolute clean path would make a default
// repository no host could trust: the migration refuses it, changing nothing.
func TestMigration5RefusesARelativeBackupRoot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	if _, err := Open(path, Options{BackupRoot: "backups"}); err == nil || !strings.Contains(err.Error(), "backup root") {
		t.Fatalf("got %v, want a refusal naming the backup root", err)
	}
}

func sameJSONExcept(t *testing.T, a, b []byte, key string) bool {
	t.Helper()
	var ma, mb map[string]any
	if err := json.Unmarshal(a, &ma); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &mb); err != nil {
		t.Fatal(err)
	}
	delete(ma, key)
	delete(mb, key)
	return reflect.DeepEqual(ma, mb)
}

func TestMigration6AddsISCSITargets(t *testing.T) {
	s := openAt(t, 5, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSchedules).Put([]byte("web1"), []byte(`{"host":"web1","cron":"@daily"}`))
	})
	if !hasBuckets(s, bucketISCSI) {
		t.Error("migration 6 did not create iscsi_targets")
	}
	if sc, err := s.GetSchedule("web1"); err != nil || sc.Cron != "@daily" {
		t.Fatalf("the version-5 schedule was lost: %+v %v", sc, err)
	}
}

// Migration 7 adds the tape media inventory to a version-6 database and
// keeps its job index.
func TestMigration7AddsTapeMedia(t *testing.T) {
	s := openAt(t, 6, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBaculaJobs).Put(u64(7), []byte(`{"jobid":7,"name":"BackupA"}`))
	})
	if !hasBuckets(s, bucketTapeMedia) {
		t.Error("migration 7 did not create tape_media")
	}
	var kept []byte
	s.db.View(func(tx *bolt.Tx) error { kept = tx.Bucket(bucketBaculaJobs).Get(u64(7)); return nil })
	if string(kept) != `{"jobid":7,"name":"BackupA"}` {
		t.Fatalf("the version-6 job index entry was lost: %q", kept)
	}
}

// Migration 8 adds the alerts bucket to a version-7 database and keeps
// its job index.
func TestMigration8AddsAlerts(t *testing.T) {
	s := openAt(t, 7, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBaculaJobs).Put(u64(7), []byte(`{"jobid":7}`))
	})
	if !hasBuckets(s, bucketAlerts) {
		t.Error("migration 8 did not create alerts")
	}
	var kept bool
	s.db.View(func(tx *bolt.Tx) error {
		kept = tx.Bucket(bucketBaculaJobs).Get(u64(7)) != nil
		return nil
	})
	if !kept {
		t.Fatal("the version-7 job index entry was lost")
	}
}

// Migration 9 adds the notification buckets to a version-8 database and
// keeps its alerts.
func TestMigration9AddsNotifications(t *testing.T) {
	s := openAt(t, 8, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAlerts).Put(u64(1), []byte(`{"id":"1","class":"backup-failed","state":"active"}`))
	})
	if !hasBuckets(s, bucketNotifyTargets, bucketNotifyQueue) {
		t.Error("migration 9 did not create notify_targets and notify_queue")
	}
	if a, err := s.GetAlert("1"); err != nil || a.Class != "backup-failed" {
		t.Fatalf("the version-8 alert was lost: %+v %v", a, err)
	}
}

// Migration 10 adds the samples bucket to a version-9 database and keeps
// its notification targets.
func TestMigration10AddsSamples(t *testing.T) {
	s := openAt(t, 9, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNotifyTargets).Put([]byte("ops"), []byte(`{"name":"ops","kind":"email"}`))
	})
	if !hasBuckets(s, bucketSamples) {
		t.Error("migration 10 did not create samples")
	}
	if tg, err := s.GetNotifyTarget("ops"); err != nil || tg.Kind != "email" {
		t.Fatalf("the version-9 target was lost: %+v %v", tg, err)
	}
}

// Migration 11 adds the snapshot_tasks bucket to a version-10 database and
// keeps its samples.
func TestMigration11AddsSnapshotTasks(t *testing.T) {
	s := openAt(t, 10, func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketSamples).CreateBucket([]byte("backup_root"))
		if err != nil {
			return err
		}
		return b.Put(u64(1), []byte(`{}`))
	})
	if !hasBuckets(s, bucketSnapTasks) {
		t.Error("migration 11 did not create snapshot_tasks")
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketSamples).Bucket([]byte("backup_root")); b == nil || b.Get(u64(1)) == nil {
			t.Error("the version-10 sample was lost")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSnapTask("none"); err != ErrNotFound {
		t.Errorf("GetSnapTask of an unknown task: %v", err)
	}
}

// Migration 12 adds the replication tasks' bucket and keeps what was there.
func TestMigration12AddsReplicationTasks(t *testing.T) {
	s := openAt(t, 11, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNotifyTargets).Put([]byte("ops"), []byte(`{"name":"ops","kind":"email"}`))
	})
	if !hasBuckets(s, bucketReplication) {
		t.Error("migration 12 did not create replication_tasks")
	}
	if tg, err := s.GetNotifyTarget("ops"); err != nil || tg.Kind != "email" {
		t.Fatalf("the earlier target was lost: %+v %v", tg, err)
	}
}
