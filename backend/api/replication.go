package api

import "time"

// Replication kinds: what a replication task sends.
const (
	ReplicationZFS   = "zfs"   // zfs send | ssh | zfs receive
	ReplicationBtrfs = "btrfs" // btrfs send | ssh | btrfs receive
)

// Replication run results.
const (
	ReplicationSucceeded = "succeeded"
	ReplicationFailed    = "failed"
	ReplicationCancelled = "cancelled"
)

// Replication states (ReplicationTask.State, read-only).
const (
	ReplicationIdle     = "idle"     // never ran
	ReplicationRunning  = "running"  // a run is going on (RunningTask)
	ReplicationOK       = "ok"       // the last run succeeded
	ReplicationError    = "error"    // the last run failed or was cancelled
	ReplicationDisabled = "disabled" // not enabled: the scheduler leaves it alone
)

// ReplicationTarget is the receiving machine and where on it.
type ReplicationTarget struct {
	Address string `json:"address"`
	Port    int    `json:"port,omitempty"` // 0: 22
	User    string `json:"user"`
	// Dataset (zfs) is the dataset the source is received as; Folder
	// (btrfs) the folder on a btrfs filesystem receiving the snapshots.
	Dataset string `json:"dataset,omitempty"`
	Folder  string `json:"folder,omitempty"`
}

// ReplicationConfig is what an admin sets on a replication task: the
// body of POST /api/v1/replications and PUT /api/v1/replications/{name}.
type ReplicationConfig struct {
	Name      string            `json:"name"`
	Kind      string            `json:"kind"`   // zfs or btrfs
	Source    string            `json:"source"` // a ZFS dataset, or a btrfs subvolume's absolute path
	Recursive bool              `json:"recursive,omitempty"`
	Target    ReplicationTarget `json:"target"`
	// Cron is when the scheduler runs it (the rules of a host's schedule,
	// in the appliance's time zone); "" runs it only when asked.
	Cron    string `json:"cron,omitempty"`
	Enabled bool   `json:"enabled"`
	// BandwidthLimit is bytes per second on the wire; 0: none.
	BandwidthLimit int64 `json:"bandwidth_limit,omitempty"`
	// KeepTarget and KeepSource: how many of the task's own snapshots to
	// keep on the target and on the source (0: all). The newest common
	// snapshot is always kept on both.
	KeepTarget int `json:"keep_target,omitempty"`
	KeepSource int `json:"keep_source,omitempty"`
}

// ReplicationTask is one replication: its configuration and what it did.
type ReplicationTask struct {
	ReplicationConfig
	// Read-only: the service's.
	HostKey     string           `json:"host_key,omitempty"` // the accepted fingerprint of the target
	State       string           `json:"state"`
	RunningTask string           `json:"running_task,omitempty"`
	LastRun     *ReplicationRun  `json:"last_run,omitempty"`
	History     []ReplicationRun `json:"history,omitempty"` // newest first, bounded
	BytesSent   int64            `json:"bytes_sent"`        // all runs' stream bytes
	Common      string           `json:"common_snapshot,omitempty"`
	CommonTime  *time.Time       `json:"common_snapshot_time,omitempty"`
	LagSeconds  int64            `json:"lag_seconds,omitempty"` // now minus CommonTime
	Sent        []ReplicatedSnap `json:"sent,omitempty"`        // the task's own snapshots it sent (target retention's ownership record)
	LastSlot    *time.Time       `json:"last_slot,omitempty"`
	NextRun     *time.Time       `json:"next_run,omitempty"`
}

// ReplicatedSnap is one of the task's own snapshots it sent: the target
// treats a snapshot as the task's only when name and guid are both these.
type ReplicatedSnap struct {
	Name string `json:"name"`
	GUID string `json:"guid,omitempty"`
}

// ReplicationRun is one run of a replication task.
type ReplicationRun struct {
	TaskID   string     `json:"task_id"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
	Result   string     `json:"result"` // succeeded, failed, cancelled
	Error    string     `json:"error,omitempty"`
	// ErrorKind names a failure an admin must act on: "no-common" (the
	// target shares no snapshot with the source), or a zfs receive kind.
	ErrorKind string   `json:"error_kind,omitempty"`
	Snapshot  string   `json:"snapshot,omitempty"`
	Parent    string   `json:"parent,omitempty"` // "" for a full send
	Bytes     int64    `json:"bytes"`
	Pruned    []string `json:"pruned,omitempty"`
}

// ReplicationList answers GET /api/v1/replications.
type ReplicationList struct {
	Replications []ReplicationTask `json:"replications"`
	TimeZone     string            `json:"time_zone"`
}
