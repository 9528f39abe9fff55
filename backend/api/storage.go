package api

// Storage management (GET/POST/PUT/DELETE /api/v1/disk/...): disks and what
// holds them, ZFS pools, datasets and volumes, LVM volume groups and
// logical volumes, btrfs filesystems and subvolumes. Sizes are bytes.

// Disk is a block device with what holds it (GET /api/v1/disk/disks).
type Disk struct {
	Name       string          `json:"name"`
	Path       string          `json:"path"`
	Type       string          `json:"type"` // disk, loop, ...
	Size       int64           `json:"size"`
	Model      string          `json:"model,omitempty"`
	Serial     string          `json:"serial,omitempty"`
	WWN        string          `json:"wwn,omitempty"`
	Vendor     string          `json:"vendor,omitempty"`
	Rotational bool            `json:"rotational"`
	Transport  string          `json:"transport,omitempty"`
	FSType     string          `json:"fstype,omitempty"`
	Partitions []DiskPartition `json:"partitions"`
	// Holders is what uses the disk or one of its partitions; a disk with
	// none is free (a pool, VG or filesystem may be made on it).
	Holders []DiskHolder `json:"holders"`
	Smart   *DiskSmart   `json:"smart,omitempty"` // where smartctl is installed
}

// DiskPartition is a partition of a disk.
type DiskPartition struct {
	Name   string   `json:"name"`
	Path   string   `json:"path"`
	Size   int64    `json:"size"`
	FSType string   `json:"fstype,omitempty"`
	Label  string   `json:"label,omitempty"`
	Mounts []string `json:"mounts,omitempty"`
}

// Disk holder kinds besides the StorageUser kinds (a repository, an iSCSI
// LUN ... that lives on the disk is a holder of that user's kind).
const (
	HolderMounted   = "mounted"   // Name: the mount point
	HolderSwap      = "swap"      //
	HolderLVMPV     = "lvm-pv"    // Name: its volume group, "" for none
	HolderZFSVdev   = "zfs-vdev"  // Name: the pool
	HolderBtrfs     = "btrfs"     // Name: the filesystem's label, else UUID
	HolderStacked   = "stacked"   // Name: the device built on it (dm-crypt, md)
	HolderSignature = "signature" // Name: the signature nothing else explains (ext4, linux_raid_member)
)

// DiskHolder is one use of a disk.
type DiskHolder struct {
	Kind   string `json:"kind"`
	Device string `json:"device,omitempty"` // the disk or the partition that is used
	Name   string `json:"name,omitempty"`
}

// DiskSmart is the disk's own health report.
type DiskSmart struct {
	Health       string `json:"health"` // passed, failed, unknown
	TemperatureC *int   `json:"temperature_c,omitempty"`
	PowerOnHours *int64 `json:"power_on_hours,omitempty"`
	Error        string `json:"error,omitempty"` // why smartctl gave no answer
}

// DiskList answers GET /api/v1/disk/disks.
type DiskList struct {
	Disks    []Disk   `json:"disks"`
	Warnings []string `json:"warnings,omitempty"` // a tool that did not answer: its holders are unknown
}

// VG is an LVM volume group.
type VG struct {
	Name       string   `json:"name"`
	UUID       string   `json:"uuid"`
	Size       uint64   `json:"size"`
	Free       uint64   `json:"free"`
	ExtentSize uint64   `json:"extent_size"`
	LVCount    int      `json:"lv_count"`
	PVs        []string `json:"pvs"` // device paths
}

// VGList answers GET /api/v1/disk/vgs.
type VGList struct {
	VGs []VG `json:"vgs"`
}

// VGCreate creates a volume group from free disks (POST /api/v1/disk/vgs).
type VGCreate struct {
	Name    string   `json:"name"`
	Devices []string `json:"devices"`
}

// LV is an LVM logical volume.
type LV struct {
	VG          string        `json:"vg"`
	Name        string        `json:"name"`
	Kind        string        `json:"kind"` // linear, thin-pool, thin, snapshot, origin
	Size        uint64        `json:"size"`
	Path        string        `json:"path"`
	Pool        string        `json:"pool,omitempty"`         // a thin volume's pool
	DataPercent *float64      `json:"data_percent,omitempty"` // thin pools and volumes
	Active      string        `json:"active"`                 // active, "", unknown (no device-mapper)
	UsedBy      []StorageUser `json:"used_by"`
}

// LVList answers GET /api/v1/disk/lvs.
type LVList struct {
	LVs []LV `json:"lvs"`
}

// LVCreate creates a logical volume (POST /api/v1/disk/lvs). Size is
// bytes, or FreePercent of the VG's free space; a thin volume names its
// Pool and Size is its virtual size.
type LVCreate struct {
	VG          string `json:"vg"`
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"` // linear (default), thin-pool, thin
	Size        uint64 `json:"size,omitempty"`
	FreePercent int    `json:"free_percent,omitempty"`
	Pool        string `json:"pool,omitempty"`
}

// LVExtend grows a logical volume (PUT /api/v1/disk/lvs/{vg}/{name}).
type LVExtend struct {
	Size     uint64 `json:"size"`
	ResizeFS bool   `json:"resize_fs,omitempty"` // grow the filesystem too (needs the LV active)
}

// Btrfs is a btrfs filesystem (GET /api/v1/disk/btrfs).
type Btrfs struct {
	UUID       string        `json:"uuid"`
	Label      string        `json:"label,omitempty"`
	Devices    []BtrfsDevice `json:"devices"`
	Missing    bool          `json:"missing,omitempty"` // some devices missing
	Mountpoint string        `json:"mountpoint,omitempty"`
	Size       uint64        `json:"size"`
	Used       uint64        `json:"used"`
	Free       uint64        `json:"free,omitempty"` // estimated, when mounted
	Data       string        `json:"data_profile,omitempty"`
	Metadata   string        `json:"metadata_profile,omitempty"`
	Scrub      *BtrfsScrub   `json:"scrub,omitempty"` // the last or running scrub, when mounted
	UsedBy     []StorageUser `json:"used_by"`
}

// BtrfsDevice is one device of a filesystem.
type BtrfsDevice struct {
	ID   int    `json:"id"`
	Path string `json:"path,omitempty"` // "" when missing
	Size uint64 `json:"size"`
	Used uint64 `json:"used"`
}

// BtrfsScrub is a scrub's state.
type BtrfsScrub struct {
	Status  string  `json:"status"` // running, finished, aborted, interrupted, "" never run
	Percent float64 `json:"percent"`
	Errors  string  `json:"errors,omitempty"`
}

// BtrfsList answers GET /api/v1/disk/btrfs.
type BtrfsList struct {
	Filesystems []Btrfs `json:"filesystems"`
}

// BtrfsCreate makes a filesystem on free disks (POST /api/v1/disk/btrfs)
// and mounts it on Mountpoint when one is given.
type BtrfsCreate struct {
	Devices    []string `json:"devices"`
	Label      string   `json:"label,omitempty"`
	Data       string   `json:"data_profile,omitempty"`
	Metadata   string   `json:"metadata_profile,omitempty"`
	Mountpoint string   `json:"mountpoint,omitempty"`
}

// BtrfsSubvolume is a subvolume of a mounted filesystem.
type BtrfsSubvolume struct {
	ID       uint64 `json:"id"`
	Path     string `json:"path"` // absolute: below the filesystem's mount point
	ReadOnly bool   `json:"read_only"`
	Parent   string `json:"parent_uuid,omitempty"` // a snapshot's origin
	UUID     string `json:"uuid"`
	// Referenced and Exclusive come from qgroups, where quotas are on.
	Referenced *uint64       `json:"referenced,omitempty"`
	Exclusive  *uint64       `json:"exclusive,omitempty"`
	UsedBy     []StorageUser `json:"used_by"`
}

// BtrfsSubvolumeList answers GET /api/v1/disk/btrfs/{uuid}/subvolumes.
type BtrfsSubvolumeList struct {
	Subvolumes []BtrfsSubvolume `json:"subvolumes"`
	Quotas     bool             `json:"quotas"` // Referenced/Exclusive are known
}

// BtrfsSubvolumeCreate makes a subvolume, or a read-only snapshot of
// SnapshotOf, at Path below the filesystem's mount point.
type BtrfsSubvolumeCreate struct {
	Path       string `json:"path"`
	SnapshotOf string `json:"snapshot_of,omitempty"`
}

// Pool is a ZFS pool (GET /api/v1/disk/pools).
type Pool struct {
	Name          string        `json:"name"`
	Size          uint64        `json:"size"`
	Allocated     uint64        `json:"allocated"`
	Free          uint64        `json:"free"`
	Fragmentation float64       `json:"fragmentation"` // percent, -1 unknown
	Capacity      float64       `json:"capacity"`      // percent used, -1 unknown
	Health        string        `json:"health"`        // ONLINE, DEGRADED, FAULTED ...
	UsedBy        []StorageUser `json:"used_by"`
}

// PoolList answers GET /api/v1/disk/pools.
type PoolList struct {
	Pools    []Pool   `json:"pools"`
	Warnings []string `json:"warnings,omitempty"`
}

// PoolStatus is `zpool status` of one pool (GET /api/v1/disk/pools/{name}).
type PoolStatus struct {
	Pool
	State      string   `json:"state"`
	Status     string   `json:"status,omitempty"`
	Action     string   `json:"action,omitempty"`
	Scan       PoolScan `json:"scan"`
	Vdevs      []Vdev   `json:"vdevs"`
	Errors     string   `json:"errors,omitempty"`
	ErrorFiles []string `json:"error_files,omitempty"`
}

// PoolScan is the last or running scrub or resilver.
type PoolScan struct {
	Function   string  `json:"function,omitempty"` // scrub, resilver
	State      string  `json:"state"`              // none, in-progress, finished, canceled, paused
	Percent    float64 `json:"percent"`
	Issued     uint64  `json:"issued,omitempty"`
	Total      uint64  `json:"total,omitempty"`
	Rate       uint64  `json:"rate_bytes_per_second,omitempty"`
	ETASeconds int64   `json:"eta_seconds,omitempty"`
	Repaired   uint64  `json:"repaired,omitempty"`
	Errors     uint64  `json:"errors"`
	Text       string  `json:"text,omitempty"` // the scan line as zpool printed it
}

// Vdev is one row of the vdev tree.
type Vdev struct {
	Name     string `json:"name"`
	State    string `json:"state,omitempty"` // "" for group rows (logs, cache, spares)
	Read     uint64 `json:"read"`
	Write    uint64 `json:"write"`
	Checksum uint64 `json:"checksum"`
	Note     string `json:"note,omitempty"`
	Children []Vdev `json:"children,omitempty"`
}

// PoolCreate makes a pool from free disks (POST /api/v1/disk/pools).
type PoolCreate struct {
	Name       string            `json:"name"`
	Data       []VdevGroup       `json:"data"`
	Log        []VdevGroup       `json:"log,omitempty"`
	Special    []VdevGroup       `json:"special,omitempty"`
	Cache      []string          `json:"cache,omitempty"`
	Spares     []string          `json:"spares,omitempty"`
	Ashift     int               `json:"ashift,omitempty"`
	Mountpoint string            `json:"mountpoint,omitempty"`
	Properties map[string]string `json:"properties,omitempty"` // of the root dataset: compression, atime ...
}

// VdevGroup is one top-level vdev of a layout.
type VdevGroup struct {
	Type    string   `json:"type,omitempty"` // "" (single disks), mirror, raidz1, raidz2, raidz3, draid
	Devices []string `json:"devices"`
	// dRAID only
	Parity      int `json:"parity,omitempty"`
	DataDevices int `json:"data_devices,omitempty"`
	DraidSpares int `json:"draid_spares,omitempty"`
}

// Confirm is the body of a destructive step that takes one: the object's
// name, typed by the caller.
type Confirm struct {
	Confirm string `json:"confirm"`
}

// PoolImport imports a pool from the import listing (POST /api/v1/disk/imports).
type PoolImport struct {
	Pool    string `json:"pool"` // name or numeric id
	NewName string `json:"new_name,omitempty"`
}

// ImportablePool is a pool `zpool import` offers.
type ImportablePool struct {
	Name   string `json:"name"`
	ID     string `json:"id"`
	State  string `json:"state"`
	Status string `json:"status,omitempty"`
	Action string `json:"action,omitempty"`
	Vdevs  []Vdev `json:"vdevs"`
}

// ImportableList answers GET /api/v1/disk/imports.
type ImportableList struct {
	Pools []ImportablePool `json:"pools"`
}

// Dataset is a ZFS filesystem, volume or snapshot in a listing.
type Dataset struct {
	Name       string `json:"name"`
	Type       string `json:"type"` // filesystem, volume, snapshot
	Used       uint64 `json:"used"`
	Available  uint64 `json:"available,omitempty"`
	Referenced uint64 `json:"referenced"`
	Mountpoint string `json:"mountpoint,omitempty"`
	Created    string `json:"created,omitempty"` // snapshots: RFC 3339
	// Snapshots: bams:owner ("" made by hand or another tool), holds, clones.
	Owner  string   `json:"owner,omitempty"`
	Holds  int      `json:"holds,omitempty"`
	Clones []string `json:"clones,omitempty"`
}

// DatasetList answers GET /api/v1/disk/datasets: one page, sorted by name.
type DatasetList struct {
	Datasets []Dataset `json:"datasets"`
	Total    int       `json:"total"`
	Next     string    `json:"next,omitempty"` // the cursor of the next page
	// Warnings: lines zfs printed that could not be read; the others list.
	Warnings []string `json:"warnings,omitempty"`
}

// DatasetDetail answers GET /api/v1/disk/datasets/{name}.
type DatasetDetail struct {
	Dataset
	Properties map[string]DatasetProperty `json:"properties"`
	Dependents DatasetDependents          `json:"dependents"`
	UsedBy     []StorageUser              `json:"used_by"`
}

// DatasetProperty is one property with where its value comes from.
type DatasetProperty struct {
	Value  string `json:"value"`
	Source string `json:"source"` // local, default, inherited, ...
}

// DatasetDependents are what destroying a dataset takes with it
// (children, snapshots) or what stops it (clones, holds).
type DatasetDependents struct {
	Children  []string `json:"children"`
	Snapshots []string `json:"snapshots"`
	Clones    []string `json:"clones"`
	Holds     []string `json:"holds"` // "snapshot tag"
}

// DatasetCreate makes a filesystem or volume (POST /api/v1/disk/datasets).
// Properties: compression, quota, refquota, reservation, recordsize,
// atime, mountpoint; a volume needs volsize and may set volblocksize.
type DatasetCreate struct {
	Name       string            `json:"name"`
	Type       string            `json:"type,omitempty"` // filesystem (default) or volume
	Properties map[string]string `json:"properties,omitempty"`
	Sparse     bool              `json:"sparse,omitempty"` // a volume without a reservation
}

// DatasetUpdate sets properties (PUT /api/v1/disk/datasets/{name}).
type DatasetUpdate struct {
	Properties map[string]string `json:"properties"`
}

// ARC is the ZFS adaptive replacement cache (GET /api/v1/disk/arc).
type ARC struct {
	Size     uint64  `json:"size"`
	Target   uint64  `json:"target"`
	Min      uint64  `json:"min"`
	Max      uint64  `json:"max"`
	Hits     uint64  `json:"hits"`
	Misses   uint64  `json:"misses"`
	HitRatio float64 `json:"hit_ratio"` // 0..1
}

// Destroyed answers a destroy, export or remove: what is gone.
type Destroyed struct {
	Kind string   `json:"kind"` // a StorageObject kind
	Name string   `json:"name"`
	Lost []string `json:"lost,omitempty"` // what went with it (children, snapshots)
}
