package repos

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakezfs"
)

// fakeSystem mounts nothing: it remembers mounts, and has the devices it
// is told of. There is no device-mapper or ZFS on the test machine.
type fakeSystem struct {
	mu        sync.Mutex
	mounts    map[string]string // dir → "device fstype"
	devices   map[string]bool
	mountFail error
}

func newFakeSystem(devices ...string) *fakeSystem {
	f := &fakeSystem{mounts: map[string]string{}, devices: map[string]bool{}}
	for _, d := range devices {
		f.devices[d] = true
	}
	return f
}

func (f *fakeSystem) Mount(device, dir, fstype string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mountFail != nil {
		return f.mountFail
	}
	f.mounts[dir] = device + " " + fstype
	return nil
}

func (f *fakeSystem) Unmount(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.mounts[dir]; !ok {
		return errors.New(dir + " is not mounted")
	}
	delete(f.mounts, dir)
	return nil
}

func (f *fakeSystem) Mounted(dir string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.mounts[dir]
	return ok
}

func (f *fakeSystem) WaitDevice(path string, _ time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.devices[path] {
		return errors.New(path + " did not appear")
	}
	return nil
}

// newFakedService is a service over fakezfs, the fake tools in tools
// (blkid, mkfs.*, LVM's) and sys, mounting under a temporary root.
func newFakedService(t *testing.T, zst fakezfs.State, tools *fakecmd.Dir, sys System) (*Service, *fakezfs.Fake, string) {
	t.Helper()
	st, m, dir := newStore(t)
	fz := fakezfs.New(t, zst)
	r := &execx.Runner{Path: fz.Path + ":" + tools.Path, Timeout: 10 * time.Second}
	root := filepath.Join(dir, "repositories")
	return New(Options{Store: st, Tasks: m, Runner: r, MountRoot: root, System: sys}), fz, root
}

func tankState() fakezfs.State {
	return fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {ID: "1", Health: "ONLINE", Size: 1 << 40}},
		Datasets: map[string]*fakezfs.Dataset{"tank": {Type: "filesystem"}}}
}

// noSignatures: blkid finds nothing (exit 2), as on a new volume.
func noSignatures(tools *fakecmd.Dir) { tools.Script("blkid", "exit 2") }

// A ZFS dataset repository with the fake zfs: created legacy-mounted with
// its properties, mounted by bamsd, its pool's health; deleted: unmounted,
// destroyed, mountpoint gone.
func TestZFSDatasetRepositoryFakeZFS(t *testing.T) {
	sys := newFakeSystem()
	s, fz, root := newFakedService(t, tankState(), fakecmd.New(t), sys)
	task := create(t, s, api.RepositoryCreate{Name: "vault", Kind: api.RepoZFSDataset, Parent: "tank", Size: 10 << 30})
	if task.State != api.TaskSucceeded {
		t.Fatalf("create: %+v", task)
	}
	ds := fz.Load().Datasets["tank/vault"]
	if ds == nil || ds.Props["mountpoint"] != "legacy" || ds.Props["compression"] != "lz4" || ds.Props["quota"] != "10737418240" || ds.Props["atime"] != "off" {
		t.Fatalf("dataset %+v", ds)
	}
	mnt := filepath.Join(root, "vault")
	if sys.mounts[mnt] != "tank/vault zfs" {
		t.Errorf("mounts %v", sys.mounts)
	}
	r, err := s.Get(context.Background(), "vault")
	if err != nil || r.Health != api.RepoHealthOnline || r.Mountpoint != mnt || r.Backing != (api.StorageObject{Kind: api.ObjectZFSDataset, Name: "tank/vault"}) {
		t.Fatalf("repository %+v %v", r, err)
	}
	// a degraded pool is the repository's health
	zst := fz.Load()
	zst.Pools["tank"].Health = "DEGRADED"
	fz.Save(zst)
	if r, _ := s.Get(context.Background(), "vault"); r.Health != "DEGRADED" {
		t.Errorf("health %q, want the pool's DEGRADED", r.Health)
	}
	// unmounted, it may hold anything: never deleted without its name
	delete(sys.mounts, mnt)
	if _, err := s.Delete(context.Background(), "vault", ""); err == nil || !strings.Contains(err.Error(), "cannot be counted") {
		t.Fatalf("delete unmounted without its name: %v", err)
	}
	if fz.Load().Datasets["tank/vault"] == nil {
		t.Fatal("destroyed")
	}
	sys.Mount("tank/vault", mnt, "zfs")
	os.WriteFile(filepath.Join(mnt, "f"), []byte("data"), 0o600)
	if _, err := s.Delete(context.Background(), "vault", ""); err == nil {
		t.Fatal("deleted without its name")
	}
	os.Remove(filepath.Join(mnt, "f")) // the fake mounts nothing: the folder must be empty to go
	if res, err := s.Delete(context.Background(), "vault", "vault"); err != nil || res.Kept != "" {
		t.Fatalf("delete %+v %v", res, err)
	}
	if fz.Load().Datasets["tank/vault"] != nil || sys.Mounted(mnt) {
		t.Error("dataset or mount left")
	}
	if _, err := os.Lstat(mnt); !os.IsNotExist(err) {
		t.Errorf("mountpoint left: %v", err)
	}
}

// A mount that fails undoes the dataset and the mountpoint it made.
func TestZFSDatasetCreateUndoneFakeZFS(t *testing.T) {
	sys := newFakeSystem()
	sys.mountFail = errors.New("mount: permission denied")
	s, fz, root := newFakedService(t, tankState(), fakecmd.New(t), sys)
	task := create(t, s, api.RepositoryCreate{Name: "vault", Kind: api.RepoZFSDataset, Parent: "tank"})
	if task.State != api.TaskFailed || !strings.Contains(task.Error, "permission denied") {
		t.Fatalf("create: %+v", task)
	}
	if fz.Load().Datasets["tank/vault"] != nil {
		t.Error("the dataset was not destroyed")
	}
	if _, err := os.Lstat(filepath.Join(root, "vault")); !os.IsNotExist(err) {
		t.Errorf("the mountpoint was not removed: %v", err)
	}
	if _, err := s.store.GetRepository("vault"); err == nil {
		t.Error("recorded")
	}
	// bad parents name the field
	for _, parent := range []string{"", "nosuch", "-tank", "tank/../x"} {
		_, err := s.StartCreate(context.Background(), api.RepositoryCreate{Name: "x", Kind: api.RepoZFSDataset, Parent: parent}, api.Caller{})
		if k, f := kindOf(err); k != api.KindBadRequest || f != "parent" {
			t.Errorf("parent %q: %v", parent, err)
		}
	}
}

// A ZFS volume with ext4: volume, device, blkid finds nothing, mkfs.ext4, mount.
func TestZFSVolumeRepositoryFakeZFSAndMkfs(t *testing.T) {
	tools := fakecmd.New(t)
	noSignatures(tools)
	tools.Script("mkfs.ext4", "exit 0")
	sys := newFakeSystem("/dev/zvol/tank/vol1")
	s, fz, root := newFakedService(t, tankState(), tools, sys)
	task := create(t, s, api.RepositoryCreate{Name: "vol1", Kind: api.RepoZFSVolume, Parent: "tank", Size: 1 << 30})
	if task.State != api.TaskSucceeded {
		t.Fatalf("create: %+v", task)
	}
	if v := fz.Load().Datasets["tank/vol1"]; v == nil || v.Type != "volume" || v.Props["volsize"] != "1073741824" {
		t.Fatalf("volume %+v", v)
	}
	if calls := tools.Calls("mkfs.ext4"); len(calls) != 1 || strings.Join(calls[0], " ") != "-q -L vol1 -E nodiscard /dev/zvol/tank/vol1" {
		t.Errorf("mkfs %v", calls)
	}
	if got := sys.mounts[filepath.Join(root, "vol1")]; got != "/dev/zvol/tank/vol1 ext4" {
		t.Errorf("mount %q", got)
	}
	// after a reboot: nothing mounted, MountAll mounts it again (and
	// makes the default repository's folder, private)
	delete(sys.mounts, filepath.Join(root, "vol1"))
	s.MountAll(slogDiscard())
	if got := sys.mounts[filepath.Join(root, "vol1")]; got != "/dev/zvol/tank/vol1 ext4" {
		t.Errorf("after MountAll: %q", got)
	}
	def, _ := s.store.GetRepository(api.DefaultRepo)
	if st, err := os.Stat(def.Mountpoint); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the default repository's folder: %v %v", st, err)
	}
}

// An LV repository with fake LVM tools (no device-mapper here to make,
// format and mount a real LV): lvcreate with the asked size, mkfs.xfs,
// mount; a device holding a signature is never formatted, and the LV is
// removed again.
func TestLVMRepositoryFakeLVMAndMkfs(t *testing.T) {
	tools := fakecmd.New(t)
	tools.Replay("vgs", "../lvm/testdata/vgs.json", 0)
	tools.Script("lvcreate", "exit 0")
	tools.Script("lvremove", "exit 0")
	tools.Script("mkfs.xfs", "exit 0")
	noSignatures(tools)
	sys := newFakeSystem("/dev/bamsvg/fast", "/dev/bamsvg/old")
	s, _, root := newFakedService(t, tankState(), tools, sys)
	task := create(t, s, api.RepositoryCreate{Name: "fast", Kind: api.RepoLVM, Parent: "bamsvg", Size: 1 << 30, Filesystem: "xfs"})
	if task.State != api.TaskSucceeded {
		t.Fatalf("create: %+v", task)
	}
	if calls := tools.Calls("lvcreate"); len(calls) != 1 || strings.Join(calls[0], " ") != "-y -n fast -L 1073741824b --addtag bams:repository bamsvg" {
		t.Errorf("lvcreate %v", calls)
	}
	if calls := tools.Calls("mkfs.xfs"); len(calls) != 1 || strings.Join(calls[0], " ") != "-q -L fast -K /dev/bamsvg/fast" {
		t.Errorf("mkfs %v", calls)
	}
	if got := sys.mounts[filepath.Join(root, "fast")]; got != "/dev/bamsvg/fast xfs" {
		t.Errorf("mount %q", got)
	}
	r, _ := s.Get(context.Background(), "fast")
	if r.Backing != (api.StorageObject{Kind: api.ObjectLVMLV, Name: "bamsvg/fast"}) || r.Filesystem != "xfs" {
		t.Errorf("repository %+v", r)
	}
	if _, err := s.Delete(context.Background(), "fast", ""); err != nil {
		t.Fatalf("delete an empty one: %v", err)
	}
	if calls := tools.Calls("lvremove"); len(calls) != 1 || !strings.Contains(strings.Join(calls[0], " "), "bamsvg/fast") {
		t.Errorf("lvremove %v", calls)
	}

	// something already on the new LV: not formatted, LV removed
	tools.Script("blkid", `echo "DEVNAME=$3"; echo "TYPE=ext4"`)
	task = create(t, s, api.RepositoryCreate{Name: "old", Kind: api.RepoLVM, Parent: "bamsvg", Size: 1 << 30})
	if task.State != api.TaskFailed || !strings.Contains(task.Error, "already holds ext4") {
		t.Fatalf("create over a signature: %+v", task)
	}
	if len(tools.Calls("mkfs.ext4")) != 0 || len(tools.Calls("lvremove")) != 2 {
		t.Errorf("mkfs %v, lvremove %v", tools.Calls("mkfs.ext4"), tools.Calls("lvremove"))
	}
	if _, err := s.StartCreate(context.Background(), api.RepositoryCreate{Name: "x", Kind: api.RepoLVM, Parent: "novg", Size: 1 << 30}, api.Caller{}); err == nil {
		t.Error("an unknown VG was accepted")
	} else if _, f := kindOf(err); f != "parent" {
		t.Errorf("unknown VG: %v", err)
	}
}
