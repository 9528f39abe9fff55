// Package store keeps bamsd's metadata in one bbolt file.
//
// The bucket tree:
//
//	meta
//	├── schema_version      → uint64, big endian
//	tasks
//	├── <id: uint64 BE>     → api.Task (JSON, without its log)
//	task_logs
//	├── <id: uint64 BE>/    (one bucket per task)
//	│   └── <seq: uint64 BE> → api.LogLine (JSON)
//	audit                   (append-only: nothing rewrites a key; only retention drops the oldest)
//	├── <seq: uint64 BE>    → api.AuditRecord (JSON)
//	settings
//	└── <name>              → JSON (e.g. "tools": the last selfcheck's []api.ToolStatus)
//	hosts
//	├── <host name>         → api.Host
//	snapshots
//	└── <host name>/        (one bucket per host)
//	    └── <snapshot name> → api.Snapshot (names sort in time order)
//	schedules
//	├── <host name>         → api.Schedule
//	retention
//	├── <host name>         → the host's retention policy (JSON of the api type)
//	└── "*"                 → the default policy of hosts without their own
//	bacula_jobs             (an index of the Bacula catalog, kept fast for big catalogs)
//	└── <job id: uint64 BE> → the job as last seen in the catalog (JSON of the api type)
//	repositories
//	└── <repository id>     → api.Repository (its stored fields; "default" holds hosts not told otherwise)
//	iscsi_targets           (the desired iSCSI configuration; only the iSCSI service reads it)
//	└── <target name>       → api.ISCSITarget, CHAP secrets included (the file is 0600)
//	tape_media              (the tape media inventory)
//	└── <barcode>           → api.TapeMedium
//	alerts                  (open alerts and their history, bounded by the engine's pruning)
//	└── <id: uint64 BE>     → api.Alert (ids grow with time: the newest is last)
//	notify_targets
//	└── <target name>       → api.NotifyTarget (with its secrets: the API never answers them)
//	notify_queue            (the retry queue: a notification stays until delivered or too old)
//	└── <id: uint64 BE>     → api.Notification
//	samples                 (the dashboard's charts, downsampled by package samples)
//	└── <series name>/
//	    └── <unix seconds: uint64 BE> → api.Sample
//	snapshot_tasks          (periodic snapshots of ZFS datasets and btrfs subvolumes)
//	└── <task name>         → api.SnapTask (its settings and last slot; the snapshots live on the storage)
//	replication_tasks       (replication tasks: configuration, state, bounded history)
//	└── <task name>         → api.ReplicationTask
//
// Values are JSON of backend/api types. A committed record survives a crash:
// bbolt fsyncs every Update before returning.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"bams/backend/api"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketMeta          = []byte("meta")
	bucketTasks         = []byte("tasks")
	bucketTaskLogs      = []byte("task_logs")
	bucketAudit         = []byte("audit")
	bucketSettings      = []byte("settings")
	bucketHosts         = []byte("hosts")
	bucketSnapshots     = []byte("snapshots")
	bucketSchedules     = []byte("schedules")
	bucketRetention     = []byte("retention")
	bucketBaculaJobs    = []byte("bacula_jobs")
	bucketRepos         = []byte("repositories")
	bucketISCSI         = []byte("iscsi_targets")
	bucketTapeMedia     = []byte("tape_media")
	bucketAlerts        = []byte("alerts")
	bucketNotifyTargets = []byte("notify_targets")
	bucketNotifyQueue   = []byte("notify_queue")
	bucketSamples       = []byte("samples")
	bucketSnapTasks     = []byte("snapshot_tasks")
	bucketReplication   = []byte("replication_tasks")

	keySchemaVersion = []byte("schema_version")
)

// ErrNotFound is returned for a missing record; the API calls it not-found.
var ErrNotFound error = notFound{}

type notFound struct{}

func (notFound) Error() string          { return "not found" }
func (notFound) APIKind() api.ErrorKind { return api.KindNotFound }

// Store is the open database.
type Store struct {
	db *bolt.DB
	// auditBytes is the size of the audit records (AuditBytes), counted
	// once at Open and kept up to date, so retention needs no scan.
	auditBytes atomic.Int64
}

// Options are what migrations need to know of the configuration.
type Options struct {
	// BackupRoot is where pull backups lived before repositories: the
	// default repository is this folder, so no host's path changes.
	BackupRoot string
}

// Open opens (creating if needed) the database at path and migrates it to
// the current schema. A database held by another process fails fast.
func Open(path string, o Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("store %s is in use by another process (is another bamsd running?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if err := migrate(db, o); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	st := &Store{db: db}
	n, err := sumAuditBytes(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	st.auditBytes.Store(n)
	return st, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// GetSetting decodes the setting name into v; ErrNotFound if unset.
func (s *Store) GetSetting(name string, v any) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings).Get([]byte(name))
		if b == nil {
			return ErrNotFound
		}
		return json.Unmarshal(b, v)
	})
}

// PutSetting stores v as the setting name.
func (s *Store) PutSetting(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put([]byte(name), b)
	})
}

func u64(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

func fromU64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
