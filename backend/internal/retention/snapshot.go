package retention

import "time"

// Snapshot states and kinds, as the pull-backup service records them
// (ARCHITECTURE.md, "Snapshots of pull backups").
const (
	StateComplete = "complete"
	StateFailed   = "failed"  // a record of a failed run: no data on disk
	StateUnknown  = "unknown" // found on disk from its folder name alone

	KindScheduled = "scheduled"
	KindManual    = "manual"
)

// Snapshot is what the planner needs to know of one snapshot record.
type Snapshot struct {
	Name string
	// Time is when the snapshot was taken; it orders snapshots and places
	// them in hourly, daily, ... buckets.
	Time  time.Time
	Kind  string // KindScheduled or KindManual
	State string // StateComplete, StateFailed or StateUnknown
	// Base names the snapshot rsync linked this one against ("" if none).
	Base      string
	Protected *Protection // nil unless a user pinned the snapshot
	// Holds are the tags of the ZFS holds on it: zfs refuses to destroy
	// it while one exists, so retention keeps it and says by whom.
	Holds []string
	// NewBytes is the data not hard-linked from the base: what deleting this
	// snapshot alone would roughly free.
	NewBytes int64
}

// Protection records who pinned a snapshot against retention, when and why.
type Protection struct {
	By  string
	At  time.Time
	Why string
}
