package disks

import (
	"os"
	"path/filepath"
	"strings"
)

// HolderKind says what uses a device.
type HolderKind string

const (
	Mounted      HolderKind = "mounted"   // a mounted filesystem; Name is the mount point
	Swap         HolderKind = "swap"      // active swap
	LVMPV        HolderKind = "lvm-pv"    // an LVM physical volume; Name is its VG ("" when in none)
	ZFSVdev      HolderKind = "zfs-vdev"  // part of a ZFS pool; Name is the pool
	Btrfs        HolderKind = "btrfs"     // a device of a btrfs filesystem; Name is its label, else its UUID
	Stacked      HolderKind = "stacked"   // a device built on it (dm-crypt, md, device-mapper); Name is that device
	HasSignature HolderKind = "signature" // data nothing above explains (an unmounted ext4, a RAID member); Name is its type
)

// Holder is one use of a disk or of one of its partitions.
type Holder struct {
	Kind   HolderKind
	Device string // the device that is used: the disk itself or a partition (its path)
	Name   string
}

// PV, Vdev and BtrfsDevice are the other tools' answers, as the storage
// service hands them over (this package does not import lvm, zfs or btrfs).
type PV struct{ Device, VG string }

// Vdev is a leaf device of a pool as `zpool status` names it: "sda",
// "sda1", "/dev/sdb", "ata-ST3000DM001_Z1F3", "wwn-0x5000c500e".
type Vdev struct{ Device, Pool string }

// BtrfsDevice is a device of a btrfs filesystem (`btrfs filesystem show`).
type BtrfsDevice struct{ Device, UUID, Label string }

// Holdings is everything Holders looks at besides lsblk's tree.
type Holdings struct {
	PVs   []PV
	Vdevs []Vdev
	Btrfs []BtrfsDevice
	// Aliases maps other names of a device (/dev/disk/by-id/..., by-path,
	// by-uuid) to its /dev path; see ReadAliases.
	Aliases map[string]string
}

// Holders says, for every top-level device of disks (by its path), what
// holds it or any of its partitions and stacked devices. A device missing
// from the map (or with no holders) is free: nothing was found on it.
func Holders(disks []Disk, h Holdings) map[string][]Holder {
	resolve := func(dev string) string {
		cands := []string{dev}
		if !strings.HasPrefix(dev, "/") {
			// zpool status drops the folder of by-id and /dev names
			cands = []string{"/dev/" + dev, "/dev/disk/by-id/" + dev, "/dev/disk/by-path/" + dev,
				"/dev/disk/by-partuuid/" + dev, "/dev/disk/by-uuid/" + dev, "/dev/disk/by-vdev/" + dev}
		}
		for _, c := range cands {
			if p, ok := h.Aliases[c]; ok {
				return p
			}
		}
		return cands[0]
	}
	tools := map[string][]Holder{} // by device path
	for _, pv := range h.PVs {
		p := resolve(pv.Device)
		tools[p] = append(tools[p], Holder{Kind: LVMPV, Device: p, Name: pv.VG})
	}
	for _, v := range h.Vdevs {
		p := resolve(v.Device)
		tools[p] = append(tools[p], Holder{Kind: ZFSVdev, Device: p, Name: v.Pool})
	}
	for _, b := range h.Btrfs {
		p := resolve(b.Device)
		name := b.Label
		if name == "" {
			name = b.UUID
		}
		tools[p] = append(tools[p], Holder{Kind: Btrfs, Device: p, Name: name})
	}

	out := map[string][]Holder{}
	for _, top := range disks {
		var held []Holder
		seen := map[Holder]bool{}
		add := func(hs ...Holder) {
			for _, x := range hs {
				if !seen[x] {
					seen[x] = true
					held = append(held, x)
				}
			}
		}
		var walk func(d Disk, depth int, parentExplained bool)
		walk = func(d Disk, depth int, parentExplained bool) {
			own := tools[d.Path]
			add(own...)
			for _, m := range d.Mounts {
				if m == "[SWAP]" {
					add(Holder{Kind: Swap, Device: d.Path})
				} else {
					add(Holder{Kind: Mounted, Device: d.Path, Name: m})
				}
			}
			explained := len(own) > 0 || len(d.Mounts) > 0
			if !explained && d.FSType != "" {
				add(signatureHolder(d))
				explained = true
			}
			if d.Type != "part" && depth > 0 && !parentExplained {
				add(Holder{Kind: Stacked, Device: d.Path, Name: d.Name})
			}
			for _, c := range d.Children {
				// A device stacked on a PV (an LV) is explained by the PV;
				// its own mounts still count.
				walk(c, depth+1, explained && c.Type != "part")
			}
		}
		walk(top, 0, false)
		if len(held) > 0 {
			out[top.Path] = held
		}
	}
	return out
}

// signatureHolder reads what a device's own signature says when no tool
// answered for it: blkid's LABEL of a zfs_member is its pool's name.
func signatureHolder(d Disk) Holder {
	switch d.FSType {
	case "LVM2_member":
		return Holder{Kind: LVMPV, Device: d.Path}
	case "zfs_member":
		return Holder{Kind: ZFSVdev, Device: d.Path, Name: d.Label}
	case "btrfs":
		name := d.Label
		if name == "" {
			name = d.UUID
		}
		return Holder{Kind: Btrfs, Device: d.Path, Name: name}
	}
	return Holder{Kind: HasSignature, Device: d.Path, Name: d.FSType}
}

// ReadAliases maps the symlinks in the by-* folders under dir (normally
// /dev/disk) to the device paths they point at. A missing folder (no udev)
// gives an empty map.
func ReadAliases(dir string) map[string]string {
	aliases := map[string]string{}
	subs, _ := os.ReadDir(dir)
	for _, sub := range subs {
		if !sub.IsDir() || !strings.HasPrefix(sub.Name(), "by-") {
			continue
		}
		links, _ := os.ReadDir(filepath.Join(dir, sub.Name()))
		for _, l := range links {
			p := filepath.Join(dir, sub.Name(), l.Name())
			target, err := filepath.EvalSymlinks(p)
			if err == nil {
				aliases[p] = target
			}
		}
	}
	return aliases
}
