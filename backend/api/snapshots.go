package api

// ZFS and btrfs snapshots as the Snapshots page and `bamsctl snapshot`
// show them (routes /api/v1/zfs/snapshots, /api/v1/btrfs/snapshots).
// Owner is who made a snapshot: "manual" (an admin through BAMS),
// "snaptask:<id>", "replication:<id>"; "" is one made by hand or by
// another tool, which BAMS never destroys on its own.

// ZFSSnapshot is one ZFS snapshot.
type ZFSSnapshot struct {
	Name       string   `json:"name"`     // dataset@snapshot
	Dataset    string   `json:"dataset"`  // tank/data
	Snapshot   string   `json:"snapshot"` // the short name after @
	Created    string   `json:"created,omitempty"`
	Used       uint64   `json:"used"`
	Referenced uint64   `json:"referenced"`
	Owner      string   `json:"owner"` // bams:owner; "" = not BAMS's
	Holds      int      `json:"holds"` // userrefs: holds stop a destroy
	Clones     []string `json:"clones"`
}

// ZFSSnapshotList answers GET /api/v1/zfs/snapshots: one page by name.
type ZFSSnapshotList struct {
	Snapshots []ZFSSnapshot `json:"snapshots"`
	Total     int           `json:"total"` // matching the filter
	Next      string        `json:"next,omitempty"`
	Warnings  []string      `json:"warnings,omitempty"`
}

// ZFSSnapshotCreate makes dataset@name (owner "manual"); recursive
// snapshots every descendant atomically under the same name.
type ZFSSnapshotCreate struct {
	Dataset   string `json:"dataset"`
	Name      string `json:"name"`
	Recursive bool   `json:"recursive,omitempty"`
}

// ZFSRollbackPreview answers GET /api/v1/zfs/snapshots/{name}/rollback:
// everything `zfs rollback -r -R` to it destroys. Held newer snapshots
// refuse the rollback until released. Token stands for this list: the
// POST is refused if the list changed since.
type ZFSRollbackPreview struct {
	Snapshot string   `json:"snapshot"`
	Dataset  string   `json:"dataset"` // what the POST's confirm must name
	Newer    []string `json:"newer"`   // oldest first
	Clones   []string `json:"clones"`  // clones of the newer ones, and below them
	Held     []string `json:"held"`    // "snapshot tag" on newer snapshots
	Token    string   `json:"token"`
}

// ZFSRollback is POST /api/v1/zfs/snapshots/{name}/rollback.
type ZFSRollback struct {
	Confirm string `json:"confirm"` // the dataset's name
	Token   string `json:"token"`   // from the preview
}

// ZFSRolledBack answers a rollback: what went.
type ZFSRolledBack struct {
	Snapshot  string   `json:"snapshot"`
	Destroyed []string `json:"destroyed"`
}

// ZFSClone is POST /api/v1/zfs/snapshots/{name}/clone.
type ZFSClone struct {
	Target string `json:"target"` // a new dataset, tank/restore
}

// ZFSHold is POST /api/v1/zfs/snapshots/{name}/hold and .../release.
type ZFSHold struct {
	Tag string `json:"tag"`
}

// BtrfsSnapshot is a read-only snapshot BAMS made of a subvolume S, at
// S/.bams-snapshots/<owner>/<name>.
type BtrfsSnapshot struct {
	Subvolume string `json:"subvolume"` // S
	Path      string `json:"path"`
	Owner     string `json:"owner"`
	Name      string `json:"name"`
	Created   string `json:"created,omitempty"`
	ReadOnly  bool   `json:"read_only"`
}

// BtrfsSnapshotList answers GET /api/v1/btrfs/snapshots?subvolume=S.
// Other are what lies in S/.bams-snapshots but is not BAMS's (a wrong
// parent, writable): "path inside S: why", never deleted by BAMS.
type BtrfsSnapshotList struct {
	Snapshots []BtrfsSnapshot `json:"snapshots"`
	Other     []string        `json:"other"`
}

// BtrfsSnapshotCreate makes S/.bams-snapshots/manual/<name>.
type BtrfsSnapshotCreate struct {
	Subvolume string `json:"subvolume"`
	Name      string `json:"name"`
}

// ObjectZFSSnapshot is the kind of a destroyed snapshot (api.Destroyed).
const ObjectZFSSnapshot = "zfs-snapshot"
