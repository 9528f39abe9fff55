package disks

import (
	"reflect"
	"testing"
)

// The recorded state: loop0p1 ext4 mounted, loop0p2 a PV of bamsrecvg,
// loop1 btrfs mounted, loop2 empty. The PV and btrfs lists are what
// pvs-loops.json and btrfs-filesystem-show-raw-loops.txt say (the lvm
// and btrfs packages parse those; this package takes their answers).
func TestHoldersRecorded(t *testing.T) {
	t.Parallel()
	disks := recordedLoops(t)
	MergeBlkid(disks, ParseBlkid(string(readFile(t, "blkid-o-export-loops.txt"))))
	got := Holders(disks, Holdings{
		PVs:   []PV{{Device: "/dev/loop0p2", VG: "bamsrecvg"}},
		Btrfs: []BtrfsDevice{{Device: "/dev/loop1", UUID: "60ac3001-181a-46cc-be44-b7e8835a5498", Label: "bamsbtrfs"}},
	})
	want := map[string][]Holder{
		"/dev/loop0": {
			{Kind: Mounted, Device: "/dev/loop0p1", Name: "/tmp/rec/mnt/ext4"},
			{Kind: LVMPV, Device: "/dev/loop0p2", Name: "bamsrecvg"},
		},
		"/dev/loop1": {
			{Kind: Btrfs, Device: "/dev/loop1", Name: "bamsbtrfs"},
			{Kind: Mounted, Device: "/dev/loop1", Name: "/tmp/rec/mnt/btrfs"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("holders\n got %+v\nwant %+v", got, want)
	}
	if _, held := got["/dev/loop2"]; held {
		t.Error("the empty loop2 must be free")
	}
}

// Without the tools' answers the signatures still hold the devices: an
// appliance without lvm2 installed must not offer a PV as a free disk.
func TestHoldersFromSignaturesAlone(t *testing.T) {
	t.Parallel()
	disks := recordedLoops(t)
	MergeBlkid(disks, ParseBlkid(string(readFile(t, "blkid-o-export-loops.txt"))))
	disks[0].Children[0].Mounts = nil // as if loop0p1 were not mounted
	got := Holders(disks, Holdings{})
	want := []Holder{{Kind: HasSignature, Device: "/dev/loop0p1", Name: "ext4"}, {Kind: LVMPV, Device: "/dev/loop0p2"}}
	if !reflect.DeepEqual(got["/dev/loop0"], want) {
		t.Errorf("loop0 %+v", got["/dev/loop0"])
	}
}

// zpool status names whole-disk vdevs by their by-id name without the
// folder; ZFS itself put partitions 1 and 9 on the disk. (Hand-made tree.)
func TestHoldersZFSByID(t *testing.T) {
	t.Parallel()
	disks := []Disk{
		{Name: "sda", Path: "/dev/sda", Type: "disk", Children: []Disk{
			{Name: "sda1", Path: "/dev/sda1", Type: "part", FSType: "zfs_member", Label: "tank"},
			{Name: "sda9", Path: "/dev/sda9", Type: "part"},
		}},
		{Name: "sdb", Path: "/dev/sdb", Type: "disk"},
	}
	got := Holders(disks, Holdings{
		Vdevs:   []Vdev{{Device: "ata-ST3000DM001-1CH166_Z1F324L3", Pool: "tank"}},
		Aliases: map[string]string{"/dev/disk/by-id/ata-ST3000DM001-1CH166_Z1F324L3": "/dev/sda"},
	})
	want := map[string][]Holder{"/dev/sda": {
		{Kind: ZFSVdev, Device: "/dev/sda", Name: "tank"},
		{Kind: ZFSVdev, Device: "/dev/sda1", Name: "tank"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}

// A dm-crypt device on a partition with no known signature: the stacked
// device and its mount hold the disk; an LV on a PV is explained by the
// PV and only its mount is added. (Hand-made tree.)
func TestHoldersStacked(t *testing.T) {
	t.Parallel()
	disks := []Disk{
		{Name: "sdc", Path: "/dev/sdc", Type: "disk", Children: []Disk{
			{Name: "sdc1", Path: "/dev/sdc1", Type: "part", Children: []Disk{
				{Name: "dm-0", Path: "/dev/mapper/data", Type: "crypt", Mounts: []string{"/srv"}},
			}},
		}},
		{Name: "sdd", Path: "/dev/sdd", Type: "disk", Children: []Disk{
			{Name: "dm-1", Path: "/dev/mapper/vg0-swap", Type: "lvm", Mounts: []string{"[SWAP]"}},
		}},
	}
	got := Holders(disks, Holdings{PVs: []PV{{Device: "/dev/sdd", VG: "vg0"}}})
	want := map[string][]Holder{
		"/dev/sdc": {{Kind: Mounted, Device: "/dev/mapper/data", Name: "/srv"}, {Kind: Stacked, Device: "/dev/mapper/data", Name: "dm-0"}},
		"/dev/sdd": {{Kind: LVMPV, Device: "/dev/sdd", Name: "vg0"}, {Kind: Swap, Device: "/dev/mapper/vg0-swap"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}
