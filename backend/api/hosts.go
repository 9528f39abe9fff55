package api

import "time"

// Host is a machine BAMS pulls backups from over SSH.
type Host struct {
	Name    string `json:"name"`    // also the SSH HostKeyAlias and the folder under the backup root
	Address string `json:"address"` // DNS name or IP address
	Port    int    `json:"port"`    // SSH port, default 22
	User    string `json:"user"`    // SSH user, default root
	// Repository is the id of the repository its snapshots live in
	// (default: "default"); the host's folder is <its mountpoint>/<name>.
	Repository string `json:"repository"`
	// Paths are the absolute source folders pulled from the host.
	Paths   []string `json:"paths"`
	Include []string `json:"include,omitempty"` // rsync include patterns
	Exclude []string `json:"exclude,omitempty"` // rsync exclude patterns
	// BandwidthKBps limits the transfer (0 = unlimited); IOTimeoutSeconds
	// aborts a transfer that moved nothing for that long (0 = 600).
	BandwidthKBps    int  `json:"bandwidth_kbps,omitempty"`
	IOTimeoutSeconds int  `json:"io_timeout_seconds,omitempty"`
	Enabled          bool `json:"enabled"`
	// Commands run on the host over SSH around a backup and a restore,
	// e.g. a database dump into a pulled path before the backup.
	PreBackup   string `json:"pre_backup,omitempty"`
	PostBackup  string `json:"post_backup,omitempty"`
	PreRestore  string `json:"pre_restore,omitempty"`
	PostRestore string `json:"post_restore,omitempty"`

	// HostKey is the accepted host key fingerprint; "" until accepted.
	HostKey string    `json:"host_key,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// HostList answers GET /api/v1/hosts.
type HostList struct {
	Hosts []HostSummary `json:"hosts"`
}

// HostSummary is a host with the state of its backups.
type HostSummary struct {
	Host
	LastBackup  *Snapshot `json:"last_backup,omitempty"`  // newest record, whatever its state
	LastSuccess *Snapshot `json:"last_success,omitempty"` // newest complete snapshot
	Snapshots   int       `json:"snapshots"`
	RunningTask string    `json:"running_task,omitempty"`
}

// HostKeyScan answers POST /api/v1/hosts/{name}/test: the keys the host
// shows now, and whether one of them is the accepted one.
type HostKeyScan struct {
	Keys     []HostKey `json:"keys"`
	Accepted string    `json:"accepted,omitempty"`
	Matches  bool      `json:"matches"` // the accepted key is among Keys
	Login    string    `json:"login"`   // "ok", or why logging in failed
	Error    string    `json:"error,omitempty"`
}

// HostKey is one key a host offered.
type HostKey struct {
	Type        string `json:"type"`        // ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa
	Fingerprint string `json:"fingerprint"` // SHA256:...
}

// AcceptHostKey is the body of POST /api/v1/hosts/{name}/hostkey.
type AcceptHostKey struct {
	Fingerprint string `json:"fingerprint"`
}

// SSHKey answers GET /api/v1/ssh/key.
type SSHKey struct {
	PublicKey   string `json:"public_key"`
	Fingerprint string `json:"fingerprint"`
}

// Snapshot states and kinds (ARCHITECTURE.md, "Snapshots of pull backups").
const (
	SnapshotComplete = "complete"
	SnapshotFailed   = "failed"  // a record of a failed run: no data
	SnapshotUnknown  = "unknown" // found on disk by discover, from its folder name alone

	KindScheduled = "scheduled"
	KindManual    = "manual"
)

// Snapshot is one pull-backup run's record.
type Snapshot struct {
	Host     string     `json:"host"`
	Name     string     `json:"name"` // the folder name: 2026-11-22T01-30-00Z
	Kind     string     `json:"kind"`
	State    string     `json:"state"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	// Transfer figures from rsync --stats.
	FilesTransferred int64       `json:"files_transferred"`
	BytesTransferred int64       `json:"bytes_transferred"`
	TotalBytes       int64       `json:"total_bytes"` // size of the snapshot's files
	NewBytes         int64       `json:"new_bytes"`   // data not linked from the base
	ExitCode         int         `json:"rsync_exit"`
	Warning          string      `json:"warning,omitempty"`
	Error            string      `json:"error,omitempty"`
	TaskID           string      `json:"task_id,omitempty"`
	Base             string      `json:"base,omitempty"` // the snapshot --link-dest pointed at
	Protected        *Protection `json:"protected,omitempty"`
	// Marked: an admin declared a snapshot found on disk (state unknown)
	// complete; its transfer figures are unknown (0).
	Marked *Marking `json:"marked,omitempty"`
}

// Marking says who declared an unknown snapshot complete, and when.
type Marking struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// Protection pins a snapshot against retention.
type Protection struct {
	By  string    `json:"by"`
	At  time.Time `json:"at"`
	Why string    `json:"why,omitempty"`
}

// SnapshotList answers GET /api/v1/hosts/{name}/snapshots, newest first.
type SnapshotList struct {
	Snapshots []Snapshot `json:"snapshots"`
	TimeZone  string     `json:"time_zone"`
}

// BackupRequest is the body of POST /api/v1/hosts/{name}/backup.
type BackupRequest struct {
	Kind string `json:"kind,omitempty"` // manual (default); scheduled is the scheduler's
}

// DiscoverResult answers POST /api/v1/hosts/{name}/snapshots/discover.
type DiscoverResult struct {
	Added   []string `json:"added"`
	Known   int      `json:"known"`
	Skipped []string `json:"skipped,omitempty"` // folders that are not snapshots, with why
}
