package api

// What uses a piece of storage. Storage is never deleted, destroyed or
// exported while something uses it: every feature that puts data on storage
// (pull-backup hosts, Bacula storage-daemon File devices, iSCSI LUNs,
// replication) reports its uses, and the storage and repository services ask
// all of them before a destructive step, naming each user in the refusal.

// Storage object kinds: what a StorageObject's Name means.
const (
	ObjectDisk        = "disk"         // Name: a block device path, /dev/sdb
	ObjectZFSPool     = "zfs-pool"     // Name: the pool, tank
	ObjectZFSDataset  = "zfs-dataset"  // Name: a filesystem dataset, tank/backups
	ObjectZFSVolume   = "zfs-volume"   // Name: a volume, tank/lun0
	ObjectLVMVG       = "lvm-vg"       // Name: the volume group, vg0
	ObjectLVMLV       = "lvm-lv"       // Name: vg/lv
	ObjectBtrfs       = "btrfs"        // Name: the filesystem's UUID
	ObjectBtrfsSubvol = "btrfs-subvol" // Name: the subvolume's path, /srv/pool/backups
	ObjectFolder      = "folder"       // Name: an absolute folder path
)

// StorageObject names one thing the storage layer manages.
type StorageObject struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Storage user kinds.
const (
	UserRepository   = "repository"
	UserHost         = "host"          // a pull-backup host whose snapshots live there
	UserBaculaDevice = "bacula-device" // a storage-daemon File device
	UserISCSILUN     = "iscsi-lun"
	UserReplication  = "replication"
)

// StorageUser is who uses storage, as a refusal names it.
type StorageUser struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

// StorageUse is one use: User uses the repository Repository, or (when it
// uses storage directly, as a LUN on a ZFS volume does) the object Object.
// Exactly one of Repository and Object is set.
type StorageUse struct {
	Repository string         `json:"repository,omitempty"`
	Object     *StorageObject `json:"object,omitempty"`
	User       StorageUser    `json:"user"`
}
