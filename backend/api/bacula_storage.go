package api

import "time"

// BaculaClient is a Client resource of the director with what the catalog
// knows of it (GET /api/v1/backup/clients).
type BaculaClient struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Port    int    `json:"port,omitempty"`
	Enabled bool   `json:"enabled"`
	// Uname is the file daemon's version and platform as it last reported
	// them to the catalog; "" for a client that never ran a job.
	Uname                 string     `json:"uname,omitempty"`
	FileRetentionSeconds  int64      `json:"file_retention_seconds,omitempty"`
	JobRetentionSeconds   int64      `json:"job_retention_seconds,omitempty"`
	AutoPrune             bool       `json:"auto_prune"`
	MaximumConcurrentJobs int        `json:"maximum_concurrent_jobs,omitempty"`
	InCatalog             bool       `json:"in_catalog"` // false until its first job
	Status                string     `json:"status"`     // the last backup's status word, "never-backed-up" without one
	LastBackup            *BaculaRun `json:"last_backup,omitempty"`
}

// BaculaClientList answers GET /api/v1/backup/clients.
type BaculaClientList struct {
	Clients []BaculaClient `json:"clients"`
}

// BaculaClientDetail answers GET /api/v1/backup/clients/{name}.
type BaculaClientDetail struct {
	BaculaClient
	// Daemon is the file daemon's own answer, asked now; DaemonError says
	// why it did not answer.
	Daemon      *BaculaDaemonStatus `json:"daemon,omitempty"`
	DaemonError string              `json:"daemon_error,omitempty"`
	History     []BaculaRun         `json:"history"` // newest first, at most 50
}

// BaculaDaemonStatus is what a Bacula daemon says about itself.
type BaculaDaemonStatus struct {
	Name        string           `json:"name"`
	Version     string           `json:"version"`
	Uname       string           `json:"uname,omitempty"`
	Started     *time.Time       `json:"started,omitempty"`
	JobsRun     int64            `json:"jobs_run"`
	JobsRunning int64            `json:"jobs_running"`
	Running     []BaculaProgress `json:"running"`
	Devices     []BaculaSDDevice `json:"devices,omitempty"`
}

// BaculaProgress is a job running on a daemon.
type BaculaProgress struct {
	JobID  int64  `json:"jobid"`
	Name   string `json:"name"`
	Files  int64  `json:"files"`
	Bytes  int64  `json:"bytes"`
	Volume string `json:"volume,omitempty"`
	Device string `json:"device,omitempty"`
}

// BaculaSDDevice is one device of a storage daemon, as it reports it.
type BaculaSDDevice struct {
	Name          string `json:"name"`
	ArchiveDevice string `json:"archive_device"`
	Type          string `json:"type"`
	MediaType     string `json:"media_type"`
	Open          bool   `json:"open"`
	Mounted       bool   `json:"mounted"`
	Enabled       bool   `json:"enabled"`
	Volume        string `json:"volume,omitempty"`
	FreeBytes     int64  `json:"free_bytes"`
	TotalBytes    int64  `json:"total_bytes"`
}

// BaculaPool is a Pool resource of the director with its catalog figures
// (GET /api/v1/backup/storage/pools).
type BaculaPool struct {
	Name                   string `json:"name"`
	Type                   string `json:"type"` // Backup, Archive, Copy, ...
	Volumes                int64  `json:"volumes"`
	MaximumVolumes         int64  `json:"maximum_volumes"`      // 0: no limit
	MaximumVolumeBytes     int64  `json:"maximum_volume_bytes"` // 0: no limit
	VolumeRetentionSeconds int64  `json:"volume_retention_seconds"`
	Recycle                bool   `json:"recycle"`
	AutoPrune              bool   `json:"auto_prune"`
	LabelFormat            string `json:"label_format,omitempty"` // automatic labelling when set
	Storage                string `json:"storage,omitempty"`
	Bytes                  int64  `json:"bytes"` // on its volumes
	Enabled                bool   `json:"enabled"`
	// Managed: BAMS wrote this pool's resource file, so BAMS may delete it.
	Managed bool `json:"managed"`
}

// BaculaPoolList answers GET /api/v1/backup/storage/pools.
type BaculaPoolList struct {
	Pools []BaculaPool `json:"pools"`
}

// BaculaPoolCreate is POST /api/v1/backup/storage/pools.
type BaculaPoolCreate struct {
	Name                   string `json:"name"`
	Type                   string `json:"type,omitempty"`                     // default Backup
	MaximumVolumes         int64  `json:"maximum_volumes,omitempty"`          // 0: no limit
	MaximumVolumeBytes     int64  `json:"maximum_volume_bytes,omitempty"`     // 0: no limit
	VolumeRetentionSeconds int64  `json:"volume_retention_seconds,omitempty"` // default 365 days
	// Recycle and AutoPrune default to true.
	Recycle     *bool  `json:"recycle,omitempty"`
	AutoPrune   *bool  `json:"auto_prune,omitempty"`
	LabelFormat string `json:"label_format,omitempty"` // e.g. "Vol-": the director labels new volumes itself
	Storage     string `json:"storage,omitempty"`
}

// BaculaVolume is one volume of the catalog (GET /api/v1/backup/storage/volumes).
type BaculaVolume struct {
	Name             string     `json:"name"`
	MediaID          int64      `json:"media_id"`
	Pool             string     `json:"pool"`
	Status           string     `json:"status"` // Append, Full, Used, Recycle, Purged, Error, Archive, Disabled, Read-Only, ...
	Enabled          bool       `json:"enabled"`
	MediaType        string     `json:"media_type"`
	Bytes            int64      `json:"bytes"`
	MaximumBytes     int64      `json:"maximum_bytes"` // 0: no limit
	Jobs             int64      `json:"jobs"`
	Files            int64      `json:"files"`
	Recycle          bool       `json:"recycle"`
	RetentionSeconds int64      `json:"retention_seconds"`
	LabelDate        *time.Time `json:"label_date,omitempty"`
	FirstWritten     *time.Time `json:"first_written,omitempty"`
	LastWritten      *time.Time `json:"last_written,omitempty"`
	// Expires is when the retention runs out after the last write, as the
	// director computed it; absent for a volume never written.
	Expires   *time.Time `json:"expires,omitempty"`
	Slot      int64      `json:"slot,omitempty"`
	InChanger bool       `json:"in_changer"`
	Storage   string     `json:"storage,omitempty"`
}

// BaculaVolumeList answers GET /api/v1/backup/storage/volumes.
type BaculaVolumeList struct {
	Volumes []BaculaVolume `json:"volumes"`
}

// BaculaVolumeLabel is POST /api/v1/backup/storage/volumes: label a new
// volume into a pool.
type BaculaVolumeLabel struct {
	Name         string `json:"name"`
	Pool         string `json:"pool"`
	Storage      string `json:"storage,omitempty"`       // default: the director's only storage
	MaximumBytes int64  `json:"maximum_bytes,omitempty"` // 0: the pool's
}

// BaculaVolumeUpdate is PUT /api/v1/backup/storage/volumes/{name}; absent
// fields keep their value.
type BaculaVolumeUpdate struct {
	Status           string `json:"status,omitempty"` // Append, Archive, Disabled, Full, Used, Cleaning, Read-Only
	Pool             string `json:"pool,omitempty"`
	Recycle          *bool  `json:"recycle,omitempty"`
	RetentionSeconds *int64 `json:"retention_seconds,omitempty"`
	MaximumBytes     *int64 `json:"maximum_bytes,omitempty"` // 0: no limit
}

// BaculaVolumeDeleted answers DELETE /api/v1/backup/storage/volumes/{name}.
type BaculaVolumeDeleted struct {
	Deleted string `json:"deleted"`
	// Jobs are the runs the catalog forgot with the volume (only with force).
	Jobs []BaculaRun `json:"jobs"`
	Note string      `json:"note"`
}

// BaculaMedium is one medium (GET /api/v1/backup/media): a volume seen as
// a physical thing, with where it is.
type BaculaMedium struct {
	Label       string     `json:"label"`
	MediaType   string     `json:"media_type"`
	Status      string     `json:"status"`
	Pool        string     `json:"pool"`
	Location    string     `json:"location"` // "storage File", "slot 3 of Autochanger1"
	Bytes       int64      `json:"bytes"`
	LastWritten *time.Time `json:"last_written,omitempty"`
}

// BaculaMediaList answers GET /api/v1/backup/media.
type BaculaMediaList struct {
	Media []BaculaMedium `json:"media"`
}

// BaculaMediumDetail answers GET /api/v1/backup/media/{name}.
type BaculaMediumDetail struct {
	BaculaMedium
	Volume  BaculaVolume `json:"volume"`
	Usage   BaculaUsage  `json:"usage"`
	History []BaculaRun  `json:"history"` // the runs with data on it, newest first
}

// BaculaUsage is how much of a medium is used and how it was worn.
type BaculaUsage struct {
	Bytes        int64    `json:"bytes"`
	MaximumBytes int64    `json:"maximum_bytes"`
	Percent      *float64 `json:"percent,omitempty"` // of MaximumBytes, when the volume has one
	Jobs         int64    `json:"jobs"`
	Files        int64    `json:"files"`
	Blocks       int64    `json:"blocks"`
	Mounts       int64    `json:"mounts"`
	Writes       int64    `json:"writes"`
	Errors       int64    `json:"errors"`
}

// BaculaStorage is a Storage resource of the director and its daemon
// (GET /api/v1/backup/storage/daemons).
type BaculaStorage struct {
	Name        string              `json:"name"`
	Address     string              `json:"address"`
	Port        int                 `json:"port"`
	Device      string              `json:"device"`
	MediaType   string              `json:"media_type"`
	Autochanger bool                `json:"autochanger"`
	Daemon      *BaculaDaemonStatus `json:"daemon,omitempty"`
	DaemonError string              `json:"daemon_error,omitempty"`
}

// BaculaStorageList answers GET /api/v1/backup/storage/daemons.
type BaculaStorageList struct {
	Storages []BaculaStorage `json:"storages"`
}

// BaculaSDConfig answers GET /api/v1/bacula/config: the storage daemon's
// configuration with every password redacted, and the devices BAMS
// manages in a file of its own that the configuration includes.
type BaculaSDConfig struct {
	Path        string             `json:"path"`
	Text        string             `json:"text"`
	ManagedFile string             `json:"managed_file"`
	Included    bool               `json:"included"` // the configuration includes ManagedFile
	Devices     []BaculaFileDevice `json:"devices"`
	// RestartNeeded: the file changed and bacula-sd reads it only at start.
	RestartNeeded bool `json:"restart_needed,omitempty"`
}

// BaculaFileDevice is a File device BAMS writes for a directory it manages.
type BaculaFileDevice struct {
	Name      string `json:"name"`
	Directory string `json:"directory"`
	MediaType string `json:"media_type,omitempty"` // default: the device's name
	// Repository holds Directory: when set, Directory must lie inside
	// the repository's folder. Answers name the repository holding each
	// device's directory ("" for none).
	Repository string `json:"repository,omitempty"`
}

// BaculaSDConfigSet is POST /api/v1/bacula/config: the complete set of
// File devices BAMS manages (an empty list removes them all).
type BaculaSDConfigSet struct {
	Devices []BaculaFileDevice `json:"devices"`
}

// BaculaSDRestart answers POST /api/v1/bacula/restart.
type BaculaSDRestart struct {
	Unit   string `json:"unit"`
	Result string `json:"result"` // systemd's job result: "done"
}
