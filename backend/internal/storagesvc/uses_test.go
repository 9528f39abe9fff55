package storagesvc

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/disks"
	"bams/backend/internal/lvm"
)

// fakeUses is a use source the tests set: what a repository service or
// the iSCSI service would report.
type fakeUses struct {
	mu   sync.Mutex
	uses []api.StorageUse
	err  error
}

func (f *fakeUses) StorageUses(context.Context) ([]api.StorageUse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.StorageUse(nil), f.uses...), f.err
}

func (f *fakeUses) set(uses ...api.StorageUse) {
	f.mu.Lock()
	f.uses = uses
	f.mu.Unlock()
}

func repoUse(kind, name, repo string) api.StorageUse {
	return api.StorageUse{Object: &api.StorageObject{Kind: kind, Name: name}, User: api.StorageUser{Kind: api.UserRepository, ID: repo, Name: repo}}
}

// A machine with a pool on sdb+sdc, a VG on sdd1, btrfs on sde mounted at
// /srv/b, ext4 on sdf mounted at /data.
func sampleTopology() *topology {
	t := &topology{
		disks: []disks.Disk{
			{Path: "/dev/sdb", Type: "disk"}, {Path: "/dev/sdc", Type: "disk"},
			{Path: "/dev/sdd", Type: "disk", Children: []disks.Disk{{Path: "/dev/sdd1", Type: "part"}}},
			{Path: "/dev/sde", Type: "disk", Mounts: []string{"/srv/b"}},
			{Path: "/dev/sdf", Type: "disk", Mounts: []string{"/data"}},
		},
		pvs:     []lvm.PV{{Name: "/dev/sdd1", VG: "vg0"}},
		vdevs:   []disks.Vdev{{Device: "/dev/disk/by-id/ata-B", Pool: "tank"}, {Device: "sdc", Pool: "tank"}},
		btrfs:   []btrfs.Filesystem{{UUID: "u-1", Devices: []btrfs.Device{{Path: "/dev/sde"}}}},
		aliases: map[string]string{"/dev/disk/by-id/ata-B": "/dev/sdb"},
		top:     map[string]string{}, byPath: map[string]disks.Disk{},
	}
	for _, d := range t.disks {
		t.top[d.Path], t.byPath[d.Path] = d.Path, d
		for _, c := range d.Children {
			t.top[c.Path], t.byPath[c.Path] = d.Path, c
		}
	}
	return t
}

// What each object is used by, through containment: a repository on a
// dataset uses its parents, its pool and the pool's disks, never a sibling.
func TestUsersOfContainment(t *testing.T) {
	topo := sampleTopology()
	uses := []api.StorageUse{
		repoUse(api.ObjectZFSDataset, "tank/backups/web", "r-zfs"),
		repoUse(api.ObjectLVMLV, "vg0/repo", "r-lvm"),
		repoUse(api.ObjectBtrfsSubvol, "/srv/b/backups", "r-btrfs"),
		repoUse(api.ObjectFolder, "/data/backups", "r-folder"),
		{Object: &api.StorageObject{Kind: api.ObjectZFSVolume, Name: "tank/lun0"}, User: api.StorageUser{Kind: api.UserISCSILUN, ID: "lun0", Name: "lun0"}},
		{Repository: "r-zfs", User: api.StorageUser{Kind: api.UserHost, ID: "web1", Name: "web1"}},
	}
	for _, tc := range []struct {
		kind, name string
		want       []string
	}{
		{api.ObjectZFSDataset, "tank/backups/web", []string{"r-zfs"}},
		{api.ObjectZFSDataset, "tank/backups", []string{"r-zfs"}},
		{api.ObjectZFSDataset, "tank/other", nil},
		{api.ObjectZFSVolume, "tank/lun0", []string{"lun0"}},
		{api.ObjectZFSPool, "tank", []string{"lun0", "r-zfs"}},
		{api.ObjectDisk, "/dev/sdb", []string{"lun0", "r-zfs"}},
		{api.ObjectDisk, "/dev/sdc", []string{"lun0", "r-zfs"}},
		{api.ObjectLVMLV, "vg0/repo", []string{"r-lvm"}},
		{api.ObjectLVMLV, "vg0/other", nil},
		{api.ObjectLVMVG, "vg0", []string{"r-lvm"}},
		{api.ObjectDisk, "/dev/sdd1", []string{"r-lvm"}},
		{api.ObjectDisk, "/dev/sdd", []string{"r-lvm"}},
		{api.ObjectBtrfsSubvol, "/srv/b/backups", []string{"r-btrfs"}},
		{api.ObjectBtrfsSubvol, "/srv/b/backupsX", nil},
		{api.ObjectBtrfs, "u-1", []string{"r-btrfs"}},
		{api.ObjectDisk, "/dev/sde", []string{"r-btrfs"}},
		{api.ObjectDisk, "/dev/sdf", []string{"r-folder"}},
		{api.ObjectFolder, "/data", nil},
	} {
		u := topo.usersOf(api.StorageObject{Kind: tc.kind, Name: tc.name}, uses)
		var got []string
		for _, d := range u.direct {
			got = append(got, d.ID)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %s used by %v, want %v", tc.kind, tc.name, got, tc.want)
		}
	}
	// the host behind the repository is named too
	if u := topo.usersOf(api.StorageObject{Kind: api.ObjectZFSPool, Name: "tank"}, uses); !reflect.DeepEqual(u.via, []string{"host web1 (through repository r-zfs)"}) {
		t.Errorf("via %v", u.via)
	}
}

// A use source that fails refuses every destructive step: who uses the
// storage is then unknown.
func TestRefuseWhenUsesUnknown(t *testing.T) {
	src := &fakeUses{err: errors.New("repository store closed")}
	s := New(Options{Uses: []UseSource{src}})
	err := s.refuseUsed(context.Background(), sampleTopology(), api.StorageObject{Kind: api.ObjectZFSPool, Name: "tank"}, "pool tank")
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindConflict || !strings.Contains(ae.Message, "repository store closed") {
		t.Fatalf("%v", err)
	}
	src.err = nil
	src.set(repoUse(api.ObjectZFSDataset, "tank/a", "r1"), api.StorageUse{Object: &api.StorageObject{Kind: api.ObjectZFSVolume, Name: "tank/v"},
		User: api.StorageUser{Kind: api.UserISCSILUN, ID: "l", Name: "lun-l"}})
	err = s.refuseUsed(context.Background(), sampleTopology(), api.StorageObject{Kind: api.ObjectZFSPool, Name: "tank"}, "pool tank")
	if err == nil || err.Error() != "conflict: pool tank is in use, by iSCSI LUN lun-l, repository r1" {
		t.Fatalf("%v", err)
	}
}
