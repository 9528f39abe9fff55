package api

import "time"

// Snapshot task target kinds.
const (
	SnapTaskZFS   = "zfs"   // Target is a ZFS dataset ("tank/data")
	SnapTaskBtrfs = "btrfs" // Target is the absolute path of a btrfs subvolume
)

// SnapTask is a periodic snapshot task: a snapshot of a ZFS dataset or a
// btrfs subvolume at each slot of its schedule, then its own snapshots
// pruned by its retention policy. Every snapshot it makes is owned by
// "snaptask:<name>"; it never touches another.
type SnapTask struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`   // zfs or btrfs
	Target    string `json:"target"` // dataset name, or subvolume path
	Recursive bool   `json:"recursive"`
	// Cron: five fields (minute hour day month weekday) or a descriptor
	// (@hourly, @every 6h), in the appliance's time zone.
	Cron string `json:"cron"`
	// Naming is the name template, strftime-like (%Y %m %d %H %M %S %%),
	// written in UTC: "auto-%Y-%m-%d_%H-%M" gives auto-2026-12-02_14-00.
	Naming    string          `json:"naming"`
	Retention RetentionPolicy `json:"retention"`
	Enabled   bool            `json:"enabled"`
	Created   time.Time       `json:"created"`
	Updated   time.Time       `json:"updated"`
	// Read-only: the last slot handled, the next one, and the last run's task.
	LastSlot *time.Time `json:"last_slot,omitempty"`
	NextRun  *time.Time `json:"next_run,omitempty"`
	LastTask string     `json:"last_task,omitempty"`
}

// SnapTaskList answers GET /api/v1/snaptasks.
type SnapTaskList struct {
	Tasks    []SnapTask `json:"tasks"`
	TimeZone string     `json:"time_zone"`
}

// SnapTaskOther is a snapshot of a task's target that is not the task's:
// made by hand, by another tool or by another owner. Plans list them so
// a reader sees they are left alone.
type SnapTaskOther struct {
	Name  string `json:"name"`
	Owner string `json:"owner,omitempty"` // "" when it has none
	Why   string `json:"why"`
}

// SnapTaskPlan answers GET /api/v1/snaptasks/{name}/plan: what pruning the
// task's own snapshots would do, and why, without doing anything.
type SnapTaskPlan struct {
	Task      string              `json:"task"`
	Kind      string              `json:"kind"`
	Target    string              `json:"target"`
	Owner     string              `json:"owner"`
	Policy    RetentionPolicy     `json:"policy"`
	AsOf      time.Time           `json:"as_of"`
	TimeZone  string              `json:"time_zone"`
	Snapshots []RetentionDecision `json:"snapshots"` // newest first
	Keep      int                 `json:"keep"`
	Delete    int                 `json:"delete"`
	// FreedBytesEstimate sums ZFS's used of the deleted snapshots (0 on btrfs).
	FreedBytesEstimate int64           `json:"freed_bytes_estimate"`
	PlanToken          string          `json:"plan_token"`
	NotOwned           []SnapTaskOther `json:"not_owned"`
}

// SnapTaskApply is the body of POST /api/v1/snaptasks/{name}/apply.
type SnapTaskApply struct {
	PlanToken string `json:"plan_token"`
	MaxDelete int    `json:"max_delete"`
}

// SnapTaskResult is the result of a snapshot task's run or apply.
type SnapTaskResult struct {
	Task               string             `json:"task"`
	Snapshot           string             `json:"snapshot,omitempty"` // the one a run took
	Deleted            []RetentionDeleted `json:"deleted"`
	Kept               int                `json:"kept"`
	FreedBytesEstimate int64              `json:"freed_bytes_estimate"`
	PlanToken          string             `json:"plan_token"`
}

// SnapTaskDeleted answers DELETE /api/v1/snaptasks/{name}.
type SnapTaskDeleted struct {
	Deleted string `json:"deleted"`
	Note    string `json:"note"`
}
