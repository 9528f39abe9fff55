package api

import "time"

// Tools checked by selfcheck, in the order they are reported.
func Tools() []string {
	return []string{"zfs", "zpool", "lvm", "btrfs", "mtx", "scstadmin", "bconsole", "rsync", "ssh"}
}

// ToolStatus is what selfcheck found about one external tool.
type ToolStatus struct {
	Name      string    `json:"name"`
	Installed bool      `json:"installed"`
	Path      string    `json:"path,omitempty"`
	Version   string    `json:"version,omitempty"`
	Error     string    `json:"error,omitempty"` // installed but the version query failed
	Checked   time.Time `json:"checked"`
}

// Dashboard answers GET /api/v1/dashboard.
type Dashboard struct {
	Hostname      string        `json:"hostname"`
	OS            string        `json:"os"`
	Kernel        string        `json:"kernel"`
	UptimeSeconds int64         `json:"uptime_seconds"`
	Load          [3]float64    `json:"load"`
	Memory        Memory        `json:"memory"`
	BackupRoot    DiskUsage     `json:"backup_root"`
	RestoreRoot   DiskUsage     `json:"restore_root"` // the only place local restores write to
	TimeZone      string        `json:"time_zone"`
	Tools         []ToolStatus  `json:"tools"` // from the last selfcheck; Checked is zero if never run
	Running       []Task        `json:"running_tasks"`
	Failed        []Task        `json:"recent_failed_tasks"`
	Audit         []AuditRecord `json:"recent_audit"`
}

// Memory in bytes, from /proc/meminfo.
type Memory struct {
	Total     uint64 `json:"total_bytes"`
	Available uint64 `json:"available_bytes"`
}

// DiskUsage of a path's filesystem, in bytes.
type DiskUsage struct {
	Path  string `json:"path"`
	Total uint64 `json:"total_bytes"`
	Free  uint64 `json:"free_bytes"`
	Used  uint64 `json:"used_bytes"`
	Error string `json:"error,omitempty"`
}
