package storagesvc

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/disks"
	"bams/backend/internal/execx"
	"bams/backend/internal/lvm"
	"bams/backend/internal/zfs"
)

// topology is what the tools say now about which device is in what: the
// one view the disk list, the free-disk check and containment read.
type topology struct {
	disks    []disks.Disk      // lsblk's tree with blkid's signatures
	top      map[string]string // every device path in the tree → its top-level device
	byPath   map[string]disks.Disk
	aliases  map[string]string // /dev/disk/by-* links → device path
	pvs      []lvm.PV
	vdevs    []disks.Vdev
	btrfs    []btrfs.Filesystem
	warnings []string // a tool that did not answer: what it holds is unknown
}

// missing says whether a tool is absent (not installed, or ZFS without
// its kernel module): then it holds nothing, and that is no warning.
func missing(err error) bool {
	var me *execx.MissingError
	return errors.As(err, &me) || zfs.IsKind(err, zfs.Unavailable)
}

// readTopology asks lsblk, blkid, LVM, zpool and btrfs. Only lsblk is
// required; any other tool that fails leaves a warning, and callers that
// destroy or create refuse on warnings (see strict).
func (s *Service) readTopology(ctx context.Context) (*topology, error) {
	all, err := disks.List(ctx, s.r)
	if err != nil {
		return nil, err
	}
	t := &topology{top: map[string]string{}, byPath: map[string]disks.Disk{}, aliases: disks.ReadAliases(s.o.DevDisk)}
	var devs []string
	for _, d := range all {
		if d.Type == "rom" || d.Size == 0 {
			continue
		}
		t.disks = append(t.disks, d)
		var walk func(x disks.Disk)
		walk = func(x disks.Disk) {
			if _, seen := t.top[x.Path]; !seen {
				t.top[x.Path] = d.Path
			}
			devs = append(devs, x.Path)
			for _, c := range x.Children {
				walk(c)
			}
		}
		walk(d)
	}
	if len(devs) > 0 {
		sigs, err := disks.Probe(ctx, s.r, devs...)
		if err != nil {
			t.warn("blkid", err)
		}
		disks.MergeBlkid(t.disks, sigs)
	}
	var index func(ds []disks.Disk)
	index = func(ds []disks.Disk) {
		for _, d := range ds {
			if _, seen := t.byPath[d.Path]; !seen {
				t.byPath[d.Path] = d
			}
			index(d.Children)
		}
	}
	index(t.disks)
	if t.pvs, err = lvm.PVs(ctx, s.r, s.o.LVM); err != nil && !missing(err) {
		t.warn("pvs", err)
	}
	if pools, err := zfs.Status(ctx, s.r, ""); err != nil && !missing(err) {
		t.warn("zpool status", err)
	} else {
		for _, p := range pools {
			for _, leaf := range leaves(p.Config) {
				t.vdevs = append(t.vdevs, disks.Vdev{Device: leaf, Pool: p.Name})
			}
		}
	}
	if t.btrfs, err = btrfs.Show(ctx, s.r, ""); err != nil && !missing(err) {
		t.warn("btrfs filesystem show", err)
	}
	return t, nil
}

func (t *topology) warn(tool string, err error) {
	t.warnings = append(t.warnings, tool+": "+err.Error())
}

// strict refuses a change while some tool's answer is missing: what that
// tool holds cannot be known, so no disk may be called free.
func (t *topology) strict() error {
	if len(t.warnings) == 0 {
		return nil
	}
	return &api.Error{Kind: api.KindConflict, Message: "cannot tell what holds the disks: " + strings.Join(t.warnings, "; ")}
}

// leaves are the devices of a vdev tree: its rows without children,
// below the pool's own row and the group rows (mirror-0, logs, cache ...).
func leaves(roots []zfs.Vdev) []string {
	var out []string
	var walk func(v zfs.Vdev, depth int)
	walk = func(v zfs.Vdev, depth int) {
		if len(v.Children) == 0 && depth > 0 && v.State != "" {
			out = append(out, v.Name)
		}
		for _, c := range v.Children {
			walk(c, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return out
}

// resolve turns a device name as a tool gives it (a by-id link, a bare
// name from zpool status) into the path lsblk lists.
func (t *topology) resolve(dev string) string {
	if !strings.HasPrefix(dev, "/") {
		dev = "/dev/" + dev
	}
	if p, ok := t.aliases[dev]; ok {
		return p
	}
	return dev
}

// diskOf is the top-level device holding dev, "" when lsblk has none.
func (t *topology) diskOf(dev string) string { return t.top[t.resolve(dev)] }

// holders is package disks' answer: what holds each top-level device.
func (t *topology) holders() map[string][]disks.Holder {
	h := disks.Holdings{Aliases: t.aliases}
	for _, pv := range t.pvs {
		h.PVs = append(h.PVs, disks.PV{Device: pv.Name, VG: pv.VG})
	}
	h.Vdevs = t.vdevs
	for _, fs := range t.btrfs {
		for _, d := range fs.Devices {
			if d.Path != "" {
				h.Btrfs = append(h.Btrfs, disks.BtrfsDevice{Device: d.Path, UUID: fs.UUID, Label: fs.Label})
			}
		}
	}
	return disks.Holders(t.disks, h)
}

// btrfsMount is where a btrfs filesystem is mounted ("" when it is not):
// the first mount point lsblk lists for one of its devices.
func (t *topology) btrfsMount(fs btrfs.Filesystem) string {
	for _, d := range fs.Devices {
		if x, ok := t.byPath[t.resolve(d.Path)]; ok && len(x.Mounts) > 0 {
			m := append([]string(nil), x.Mounts...)
			sort.Strings(m)
			return m[0]
		}
	}
	return ""
}

// parents are the objects o lives in directly: a dataset in its parent
// dataset (the root dataset in its pool), a pool on its vdevs' disks, an
// LV in its VG, a VG on its PVs' disks, a subvolume or folder in the
// filesystem mounted where it lies, a btrfs filesystem on its devices'
// disks, a partition on its disk.
func (t *topology) parents(o api.StorageObject) []api.StorageObject {
	var out []api.StorageObject
	disk := func(dev string) { // the device itself: a partition's disk is its own parent
		if p := t.resolve(dev); t.top[p] != "" {
			out = append(out, api.StorageObject{Kind: api.ObjectDisk, Name: p})
		}
	}
	switch o.Kind {
	case api.ObjectZFSDataset, api.ObjectZFSVolume:
		if i := strings.LastIndexByte(o.Name, '/'); i > 0 {
			out = append(out, api.StorageObject{Kind: api.ObjectZFSDataset, Name: o.Name[:i]})
		} else {
			out = append(out, api.StorageObject{Kind: api.ObjectZFSPool, Name: o.Name})
		}
	case api.ObjectZFSPool:
		for _, v := range t.vdevs {
			if v.Pool == o.Name {
				disk(v.Device)
			}
		}
	case api.ObjectLVMLV:
		if vg, _, ok := strings.Cut(o.Name, "/"); ok {
			out = append(out, api.StorageObject{Kind: api.ObjectLVMVG, Name: vg})
		}
	case api.ObjectLVMVG:
		for _, pv := range t.pvs {
			if pv.VG == o.Name {
				disk(pv.Name)
			}
		}
	case api.ObjectBtrfs:
		for _, fs := range t.btrfs {
			if fs.UUID == o.Name {
				for _, d := range fs.Devices {
					disk(d.Path)
				}
			}
		}
	case api.ObjectBtrfsSubvol, api.ObjectFolder:
		if p := t.mountedAt(o.Name); p != nil {
			out = append(out, *p)
		}
	case api.ObjectDisk:
		if d := t.diskOf(o.Name); d != "" && d != o.Name {
			out = append(out, api.StorageObject{Kind: api.ObjectDisk, Name: d})
		}
	}
	return out
}

// mountedAt is the filesystem a path lies in: the btrfs filesystem, else
// the device, mounted on the longest mount point above it.
func (t *topology) mountedAt(path string) *api.StorageObject {
	path = filepath.Clean(path)
	best, bestDev := "", ""
	for dev, d := range t.byPath {
		for _, m := range d.Mounts {
			if (path == m || strings.HasPrefix(path, strings.TrimSuffix(m, "/")+"/")) && len(m) > len(best) {
				best, bestDev = m, dev
			}
		}
	}
	if bestDev == "" {
		return nil
	}
	for _, fs := range t.btrfs {
		for _, d := range fs.Devices {
			if t.resolve(d.Path) == bestDev {
				return &api.StorageObject{Kind: api.ObjectBtrfs, Name: fs.UUID}
			}
		}
	}
	return &api.StorageObject{Kind: api.ObjectDisk, Name: bestDev}
}

// within is o and everything it lives in, up to the disks.
func (t *topology) within(o api.StorageObject) map[api.StorageObject]bool {
	seen := map[api.StorageObject]bool{o: true}
	queue := []api.StorageObject{o}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, p := range t.parents(x) {
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return seen
}
