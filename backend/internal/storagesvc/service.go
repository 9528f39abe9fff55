// Package storagesvc is the storage service: disks and what holds them,
// ZFS pools, datasets and volumes, LVM volume groups and logical volumes,
// btrfs filesystems and subvolumes. It translates between the tool
// packages (disks, zfs, lvm, btrfs), which know nothing of each other, and
// decides what contains what, so that nothing another feature uses is ever
// destroyed, exported or removed, and a pool, VG or filesystem is only made
// from disks nothing holds.
package storagesvc

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/lvm"
	"bams/backend/internal/tasks"
)

// Task kinds.
const (
	TaskPoolScrub  = "pool-scrub"
	TaskBtrfsScrub = "btrfs-scrub"
)

// UseSource is a feature that puts data on storage and says where
// (backend/api/storage_use.go).
type UseSource interface {
	StorageUses(ctx context.Context) ([]api.StorageUse, error)
}

// Options configure the service.
type Options struct {
	Runner *execx.Runner
	Tasks  *tasks.Manager
	// LVM is passed to every LVM command (its --config); empty in
	// production, metadata-only mode in the tests.
	LVM lvm.Config
	// Uses are the features whose data lives on storage. Each destructive
	// step asks all of them and refuses naming every user; the disk list
	// shows them as holders. The repository service reports each
	// repository as a use of its backing object, iSCSI LUNs their ZFS
	// volume or LV: the daemon adds each source as that feature lands.
	Uses []UseSource
	// DevDisk is where udev keeps the by-id, by-path ... links (/dev/disk).
	DevDisk string
	// Arcstats is the ZFS ARC statistics file (/proc/spl/kstat/zfs/arcstats).
	Arcstats string
	// Refresh is how often the dataset listing is read again from zfs
	// (BAMS's own changes drop it at once); default one minute.
	Refresh time.Duration
	// Poll is how often a scrub task reads the scan's progress; default 5 s.
	Poll time.Duration
	// UsageWarning and UsageCritical are the percent of a pool, VG or
	// btrfs filesystem in use that raise an alert; defaults 80 and 90.
	UsageWarning, UsageCritical float64
	Log                         *slog.Logger
}

// Service manages storage. Create it with New.
type Service struct {
	o        Options
	r        *execx.Runner
	datasets datasetCache // datasets.go
	smarts   smartCache   // disks.go
	// changing serializes BAMS's own changes to storage: between the check
	// that a disk is free (or an object unused) and the tool acting on it,
	// no other request of BAMS may take it.
	changing sync.Mutex
}

// New returns the service.
func New(o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.DevDisk == "" {
		o.DevDisk = "/dev/disk"
	}
	if o.Arcstats == "" {
		o.Arcstats = "/proc/spl/kstat/zfs/arcstats"
	}
	if o.Refresh <= 0 {
		o.Refresh = time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.UsageWarning <= 0 {
		o.UsageWarning = 80
	}
	if o.UsageCritical <= 0 {
		o.UsageCritical = 90
	}
	return &Service{o: o, r: o.Runner}
}
