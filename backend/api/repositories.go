package api

import "time"

// Repository kinds: what holds a repository's files.
const (
	RepoZFSDataset   = "zfs-dataset"  // a ZFS filesystem dataset (mountpoint=legacy: bamsd mounts it)
	RepoZFSVolume    = "zfs-volume"   // a ZFS volume with an ext4 or xfs filesystem on it
	RepoLVM          = "lvm-lv"       // an LVM logical volume with ext4 or xfs
	RepoBtrfsSubvol  = "btrfs-subvol" // a subvolume of a mounted btrfs
	RepoFolder       = "folder"       // an existing folder
	DefaultRepo      = "default"      // the repository hosts go to unless told otherwise
	RepoHealthOnline = "online"       // mounted and readable
	RepoHealthAbsent = "unavailable"  // not mounted, or its folder is gone
)

// Repository is a named place backups go (GET /api/v1/disk/repositories/{id}).
// The store keeps the fields up to Created; the rest is read live.
type Repository struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Kind       string        `json:"kind"`
	Backing    StorageObject `json:"backing"`
	Mountpoint string        `json:"mountpoint"`
	Filesystem string        `json:"filesystem,omitempty"` // ext4 or xfs on a volume or LV; "" where the backing is the filesystem
	Created    time.Time     `json:"created"`

	Size   uint64        `json:"size,omitempty"` // of the filesystem holding it, in bytes
	Used   uint64        `json:"used,omitempty"`
	Free   uint64        `json:"free,omitempty"`
	Health string        `json:"health,omitempty"` // online, unavailable, or the pool's health (DEGRADED, ...)
	UsedBy []StorageUser `json:"used_by,omitempty"`
}

// RepositoryList answers GET /api/v1/disk/repositories.
type RepositoryList struct {
	Repositories []Repository `json:"repositories"`
}

// RepositoryCreate is POST /api/v1/disk/repositories: the fields each kind
// reads are named beside them; the others must be left out.
type RepositoryCreate struct {
	Name string `json:"name"` // also its id: 1-63 lowercase letters, digits, '_', '.', '-'
	Kind string `json:"kind"`
	// Path: folder (the existing folder) and btrfs-subvol (the subvolume
	// to create, inside a mounted btrfs).
	Path string `json:"path,omitempty"`
	// Parent: zfs-dataset and zfs-volume (the pool or dataset to create
	// it under), lvm-lv (the volume group).
	Parent string `json:"parent,omitempty"`
	// Size: zfs-volume and lvm-lv, in bytes; for zfs-dataset its quota (0: none).
	Size uint64 `json:"size,omitempty"`
	// Filesystem: zfs-volume and lvm-lv, ext4 (default) or xfs.
	Filesystem string `json:"filesystem,omitempty"`
	// Compression: zfs-dataset (off, lz4, zstd; default lz4).
	Compression string `json:"compression,omitempty"`
	// Mountpoint: zfs-dataset, zfs-volume and lvm-lv (default: the
	// repositories' root, then the name).
	Mountpoint string `json:"mountpoint,omitempty"`
}

// RepositoryDeleted answers DELETE /api/v1/disk/repositories/{id}: what
// went. Deleting a repository that holds files needs ?confirm=<its name>.
type RepositoryDeleted struct {
	ID string `json:"id"`
	// Lost is what was destroyed with it; a folder repository is only
	// forgotten: its files stay, and Kept says where.
	Lost RepositoryContents `json:"lost"`
	Kept string             `json:"kept,omitempty"`
}

// RepositoryContents counts what a repository holds. Counting stops at a
// bound (Partial), so a delete never walks an unbounded tree twice.
type RepositoryContents struct {
	Files   int64 `json:"files"`
	Bytes   int64 `json:"bytes"`
	Partial bool  `json:"partial,omitempty"` // at least this much
}
