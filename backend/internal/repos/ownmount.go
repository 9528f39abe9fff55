package repos

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/disks"
	"bams/backend/internal/lvm"
	"bams/backend/internal/mkfs"
	"bams/backend/internal/zfs"
)

// deviceWait bounds the wait for a new volume's device node.
const deviceWait = 30 * time.Second

// planMountpoint checks the mountpoint a repository with a mount of its
// own gets: the request's, or <MountRoot>/<name>; an empty folder or none.
func (s *Service) planMountpoint(req api.RepositoryCreate) (string, error) {
	mnt := req.Mountpoint
	if mnt == "" {
		mnt = filepath.Join(s.mountRoot, req.Name)
	}
	if err := checkPath("mountpoint", mnt); err != nil {
		return "", err
	}
	if entries, err := os.ReadDir(mnt); err == nil && len(entries) > 0 {
		return "", invalid("mountpoint", "%s is not empty: mounting over it would hide its files", mnt)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", invalid("mountpoint", "%s is not a folder: %v", mnt, err)
	}
	return mnt, nil
}

// planZFSDataset: a filesystem dataset <parent>/<name> with
// mountpoint=legacy (bamsd mounts it, at create and at every start, so it
// is never mounted elsewhere behind BAMS's back), compression and an
// optional quota.
func (s *Service) planZFSDataset(ctx context.Context, req api.RepositoryCreate) (plan, error) {
	ds, err := s.checkZFSParent(ctx, req)
	if err != nil {
		return plan{}, err
	}
	comp := req.Compression
	if comp == "" {
		comp = "lz4"
	}
	if comp != "off" && comp != "lz4" && comp != "zstd" {
		return plan{}, invalid("compression", "compression must be off, lz4 or zstd")
	}
	props := zfs.Props{"mountpoint": "legacy", "compression": comp, "atime": "off"}
	if req.Size > 0 {
		props["quota"] = strconv.FormatUint(req.Size, 10)
	}
	mnt, err := s.planMountpoint(req)
	if err != nil {
		return plan{}, err
	}
	rec := api.Repository{ID: req.Name, Name: req.Name, Kind: api.RepoZFSDataset, Mountpoint: mnt,
		Backing: api.StorageObject{Kind: api.ObjectZFSDataset, Name: ds}}
	return plan{rec: rec, steps: append([]step{
		{what: "creating ZFS dataset " + ds,
			do:   func(ctx context.Context) error { return zfs.CreateFilesystem(ctx, s.runner, ds, props) },
			undo: func(ctx context.Context) error { return zfs.Destroy(ctx, s.runner, ds, false) }},
	}, s.mountSteps(ds, mnt, "zfs")...)}, nil
}

// checkZFSParent: the parent is a filesystem dataset (or a pool's root),
// and <parent>/<name> a valid dataset name.
func (s *Service) checkZFSParent(ctx context.Context, req api.RepositoryCreate) (string, error) {
	ds := req.Parent + "/" + req.Name
	if req.Parent == "" || zfs.CheckDatasetName(req.Parent) != nil || zfs.CheckDatasetName(ds) != nil {
		return "", invalid("parent", "parent must be a ZFS pool or filesystem dataset, such as tank or tank/backups")
	}
	props, err := zfs.Get(ctx, s.runner, req.Parent, "type")
	if err != nil {
		return "", invalid("parent", "ZFS dataset %s: %v", req.Parent, err)
	}
	if props["type"].Value != "filesystem" {
		return "", invalid("parent", "%s is a %s: only a filesystem dataset holds others", req.Parent, props["type"].Value)
	}
	return ds, nil
}

// planVolume: a ZFS volume or an LVM LV of req.Size bytes, with an ext4
// or xfs filesystem, mounted.
func (s *Service) planVolume(ctx context.Context, req api.RepositoryCreate) (plan, error) {
	fs := req.Filesystem
	if fs == "" {
		fs = mkfs.Ext4
	}
	if fs != mkfs.Ext4 && fs != mkfs.XFS {
		return plan{}, invalid("filesystem", "filesystem must be ext4 or xfs")
	}
	if req.Size < 64<<20 {
		return plan{}, invalid("size", "size must be at least 64 MiB")
	}
	mnt, err := s.planMountpoint(req)
	if err != nil {
		return plan{}, err
	}
	var create step
	rec := api.Repository{ID: req.Name, Name: req.Name, Kind: req.Kind, Mountpoint: mnt, Filesystem: fs}
	if req.Kind == api.RepoZFSVolume {
		vol, err := s.checkZFSParent(ctx, req)
		if err != nil {
			return plan{}, err
		}
		rec.Backing = api.StorageObject{Kind: api.ObjectZFSVolume, Name: vol}
		create = step{what: "creating ZFS volume " + vol,
			do: func(ctx context.Context) error {
				return zfs.CreateVolume(ctx, s.runner, vol, zfs.Props{"volsize": strconv.FormatUint(req.Size, 10)}, false)
			},
			undo: func(ctx context.Context) error { return zfs.Destroy(ctx, s.runner, vol, false) }}
	} else {
		if err := s.checkVG(ctx, req.Parent); err != nil {
			return plan{}, err
		}
		rec.Backing = api.StorageObject{Kind: api.ObjectLVMLV, Name: req.Parent + "/" + req.Name}
		create = step{what: "creating LVM logical volume " + rec.Backing.Name,
			do: func(ctx context.Context) error {
				return lvm.CreateLV(ctx, s.runner, s.lvm, lvm.LVSpec{VG: req.Parent, Name: req.Name, Size: req.Size, Tags: []string{"bams:repository"}})
			},
			undo: func(ctx context.Context) error { return lvm.RemoveLV(ctx, s.runner, s.lvm, req.Parent, req.Name) }}
	}
	dev := device(rec)
	steps := []step{create,
		{what: "waiting for " + dev, do: func(context.Context) error { return s.sys.WaitDevice(dev, deviceWait) }},
		{what: "making " + fs + " on " + dev, do: func(ctx context.Context) error {
			// a new volume holds nothing; if it does, it is not ours to overwrite
			if sigs, err := disks.Probe(ctx, s.runner, dev); err != nil {
				return err
			} else if len(sigs) > 0 {
				return fmt.Errorf("%s already holds %s: not overwritten", dev, sigs[0].Type)
			}
			return mkfs.Make(ctx, s.runner, dev, fs, req.Name[:min(len(req.Name), 12)])
		}},
	}
	return plan{rec: rec, steps: append(steps, s.mountSteps(dev, mnt, fs)...)}, nil
}

// checkVG: the volume group exists.
func (s *Service) checkVG(ctx context.Context, vg string) error {
	vgs, err := lvm.VGs(ctx, s.runner, s.lvm)
	if err != nil {
		return err
	}
	for _, v := range vgs {
		if v.Name == vg {
			return nil
		}
	}
	return invalid("parent", "no LVM volume group %q", vg)
}

// device is the block device of a ZFS volume or LV repository, or the
// dataset's name, which is what mount takes for ZFS.
func device(r api.Repository) string {
	switch r.Kind {
	case api.RepoZFSVolume:
		return "/dev/zvol/" + r.Backing.Name
	case api.RepoLVM:
		return "/dev/" + r.Backing.Name
	}
	return r.Backing.Name
}

// fstype is what mount is told.
func fstype(r api.Repository) string {
	if r.Kind == api.RepoZFSDataset {
		return "zfs"
	}
	return r.Filesystem
}

// mountSteps make the mountpoint (removed again on undo if made here),
// mount, and make the mounted folder private.
func (s *Service) mountSteps(dev, mnt, fs string) []step {
	made := false
	return []step{
		{what: "making the mountpoint " + mnt,
			do: func(context.Context) error {
				if _, err := os.Lstat(mnt); errors.Is(err, os.ErrNotExist) {
					made = true
					return os.MkdirAll(mnt, 0o700)
				}
				return nil
			},
			undo: func(context.Context) error {
				if made {
					return os.Remove(mnt)
				}
				return nil
			}},
		{what: "mounting " + dev + " on " + mnt,
			do:   func(context.Context) error { return s.sys.Mount(dev, mnt, fs) },
			undo: func(context.Context) error { return s.sys.Unmount(mnt) }},
		keepPrivate(mnt),
	}
}

// destroyOwnMount unmounts a repository and destroys its dataset, volume
// or LV; a destroy that fails mounts it again, so it stays usable.
func (s *Service) destroyOwnMount(ctx context.Context, r api.Repository) error {
	if s.sys.Mounted(r.Mountpoint) {
		if err := s.sys.Unmount(r.Mountpoint); err != nil {
			return err
		}
	}
	var err error
	if r.Kind == api.RepoLVM {
		vg, lv, _ := strings.Cut(r.Backing.Name, "/")
		err = lvm.RemoveLV(ctx, s.runner, s.lvm, vg, lv)
	} else {
		err = zfs.Destroy(ctx, s.runner, r.Backing.Name, false)
	}
	if err != nil {
		return errors.Join(err, s.sys.Mount(device(r), r.Mountpoint, fstype(r)))
	}
	if err := os.Remove(r.Mountpoint); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("repository deleted, but its empty mountpoint stays: %w", err)
	}
	return nil
}
