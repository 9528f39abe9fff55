package storagesvc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/lvm"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testenv"
)

// metadataOnly is LVM without device-mapper (this machine).
var metadataOnly = lvm.Config{Extra: "global/activation=0 backup/backup=0 backup/archive=0"}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (scripts/deps-storage.txt)", tool)
		}
	}
}

func newTasks(t *testing.T) *tasks.Manager {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Hour, History: time.Hour})
	t.Cleanup(func() { m.Shutdown(context.Background()) })
	return m
}

func waitTask(t *testing.T, m *tasks.Manager, id string) api.Task {
	t.Helper()
	for i := 0; i < 600; i++ {
		task, err := m.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if task.State != api.TaskQueued && task.State != api.TaskRunning {
			return task
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("task %s did not end", id)
	return api.Task{}
}

// apiKind is the kind the API answers err with (as the server's fail reads it).
func apiKind(err error) api.ErrorKind {
	var ae *api.Error
	var kinded interface{ APIKind() api.ErrorKind }
	switch {
	case errors.As(err, &ae):
		return ae.Kind
	case errors.As(err, &kinded):
		return kinded.APIKind()
	}
	return ""
}

func find[T any](list []T, match func(T) bool) (T, bool) {
	for _, x := range list {
		if match(x) {
			return x, true
		}
	}
	var zero T
	return zero, false
}

func holderKinds(l api.DiskList, path string) string {
	d, _ := find(l.Disks, func(d api.Disk) bool { return d.Path == path })
	var k []string
	for _, h := range d.Holders {
		k = append(k, h.Kind+":"+h.Name)
	}
	return strings.Join(k, ",")
}

// Real lsblk, blkid and LVM (metadata only) on loop devices: disks start
// free, a VG is made only from free disks, an LV a repository uses cannot
// be removed (naming it) and its disks show the repository as a holder.
func TestStorageRealLVM(t *testing.T) {
	t.Parallel()
	needTools(t, "lsblk", "blkid", "pvcreate", "vgcreate", "lvcreate", "pvs")
	a := testenv.NewLoopDevice(t, 64<<20, false)
	b := testenv.NewLoopDevice(t, 64<<20, false)
	uses := &fakeUses{}
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	s := New(Options{Runner: r, LVM: metadataOnly, Uses: []UseSource{uses}})
	ctx := context.Background()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	vg := "bamssvc" + hex.EncodeToString(suffix) // machine-wide names: never another test's

	l, err := s.Disks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := holderKinds(l, a.Path); h != "" {
		t.Fatalf("a fresh loop device is held: %s (%v)", h, l.Warnings)
	}
	t.Cleanup(func() {
		_ = lvm.RemoveVG(context.Background(), r, metadataOnly, vg)
		_ = lvm.RemovePVs(context.Background(), r, metadataOnly, a.Path, b.Path)
	})
	if _, err := s.CreateVG(ctx, api.VGCreate{Name: vg, Devices: []string{a.Path, a.Path}}); apiKind(err) != api.KindBadRequest {
		t.Errorf("a device named twice: %v", err)
	}
	got, err := s.CreateVG(ctx, api.VGCreate{Name: vg, Devices: []string{a.Path, b.Path}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.PVs) != 2 || got.Size == 0 || got.Free != got.Size {
		t.Fatalf("vg %+v", got)
	}
	_, err = s.CreateVG(ctx, api.VGCreate{Name: vg + "x", Devices: []string{a.Path}})
	if apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "volume group "+vg) {
		t.Errorf("a PV of a VG is not free: %v", err)
	}
	lv, err := s.CreateLV(ctx, api.LVCreate{VG: vg, Name: "repo1", Size: 40 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if lv.Kind != "linear" || lv.Size != 40<<20 || lv.Active != "unknown" || len(lv.UsedBy) != 0 {
		t.Errorf("lv %+v", lv)
	}
	if lv, err = s.ExtendLV(ctx, vg, "repo1", api.LVExtend{Size: 48 << 20}); err != nil || lv.Size != 48<<20 {
		t.Errorf("extend: %+v %v", lv, err)
	}
	if _, err = s.ExtendLV(ctx, vg, "repo1", api.LVExtend{Size: 8 << 20}); apiKind(err) != api.KindBadRequest {
		t.Errorf("shrink: %v", err)
	}

	uses.set(repoUse(api.ObjectLVMLV, vg+"/repo1", "r1"))
	if _, err := s.RemoveLV(ctx, vg, "repo1", vg+"/repo1"); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "repository r1") {
		t.Errorf("remove a used LV: %v", err)
	}
	if _, err := s.RemoveVG(ctx, vg, vg); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "repository r1") {
		t.Errorf("remove a used VG: %v", err)
	}
	l, err = s.Disks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := holderKinds(l, a.Path); h != "lvm-pv:"+vg+",repository:r1" {
		t.Errorf("holders of %s: %s", a.Path, h)
	}
	lvs, err := s.LVs(ctx, vg)
	if err != nil || len(lvs.LVs) != 1 || len(lvs.LVs[0].UsedBy) != 1 || lvs.LVs[0].UsedBy[0].ID != "r1" {
		t.Errorf("lvs %+v %v", lvs, err)
	}

	uses.set()
	if _, err := s.RemoveVG(ctx, vg, vg); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "repo1") {
		t.Errorf("remove a VG with an LV: %v", err)
	}
	if _, err := s.RemoveLV(ctx, vg, "repo1", "repo1"); apiKind(err) != api.KindBadRequest {
		t.Errorf("wrong name typed: %v", err)
	}
	if _, err := s.RemoveLV(ctx, vg, "repo1", vg+"/repo1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RemoveVG(ctx, vg, vg); err != nil {
		t.Fatal(err)
	}
	if l, err = s.Disks(ctx); err != nil || holderKinds(l, a.Path) != "" {
		t.Errorf("after vgremove and pvremove: %s %v", holderKinds(l, a.Path), err)
	}
}

// Real mkfs.btrfs, mount, subvolumes, a read-only snapshot and a scrub
// task on a loop device; a subvolume a repository uses is not deleted.
func TestStorageRealBtrfs(t *testing.T) {
	t.Parallel()
	needTools(t, "lsblk", "blkid", "mkfs.btrfs", "btrfs", "mount")
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
	dev := testenv.NewLoopDevice(t, 256<<20, false)
	uses := &fakeUses{}
	m := newTasks(t)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	s := New(Options{Runner: r, Tasks: m, LVM: metadataOnly, Uses: []UseSource{uses}})
	ctx := context.Background()
	mnt := filepath.Join(t.TempDir(), "fs")

	if _, err := s.CreateBtrfs(ctx, api.BtrfsCreate{Devices: []string{dev.Path}, Mountpoint: "rel/path"}); apiKind(err) != api.KindBadRequest {
		t.Errorf("relative mountpoint: %v", err)
	}
	fs, err := s.CreateBtrfs(ctx, api.BtrfsCreate{Devices: []string{dev.Path}, Label: "bamssvc", Mountpoint: mnt})
	if fs.Mountpoint != "" || err == nil {
		t.Cleanup(func() {
			if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
				t.Errorf("umount: %v %s", err, out)
			}
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	if fs.Label != "bamssvc" || fs.Mountpoint != mnt || fs.Size != 256<<20 || len(fs.Devices) != 1 || fs.Data != "single" || fs.Metadata != "dup" {
		t.Errorf("filesystem %+v", fs)
	}
	if _, err := s.CreateBtrfs(ctx, api.BtrfsCreate{Devices: []string{dev.Path}}); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "btrfs filesystem bamssvc") {
		t.Errorf("mkfs on a mounted btrfs: %v", err)
	}
	data := filepath.Join(mnt, "data")
	if _, err := s.CreateSubvolume(ctx, fs.UUID, api.BtrfsSubvolumeCreate{Path: data}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.CreateSubvolume(ctx, fs.UUID, api.BtrfsSubvolumeCreate{Path: filepath.Join(mnt, "data@1"), SnapshotOf: data})
	if err != nil || !snap.ReadOnly || snap.Parent == "" {
		t.Fatalf("snapshot %+v %v", snap, err)
	}
	if _, err := s.CreateSubvolume(ctx, fs.UUID, api.BtrfsSubvolumeCreate{Path: "/etc/x"}); apiKind(err) != api.KindBadRequest {
		t.Errorf("outside the filesystem: %v", err)
	}
	subs, err := s.Subvolumes(ctx, fs.UUID)
	if err != nil || len(subs.Subvolumes) != 2 || subs.Quotas || subs.Subvolumes[0].Path != data || subs.Subvolumes[0].ReadOnly || !subs.Subvolumes[1].ReadOnly {
		t.Fatalf("subvolumes %+v %v", subs, err)
	}

	uses.set(repoUse(api.ObjectBtrfsSubvol, data, "r2"))
	if _, err := s.DeleteSubvolume(ctx, fs.UUID, data, data); apiKind(err) != api.KindConflict || !strings.Contains(err.Error(), "repository r2") {
		t.Errorf("delete a used subvolume: %v", err)
	}
	l, err := s.Disks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := holderKinds(l, dev.Path); h != "mounted:"+mnt+",btrfs:bamssvc,repository:r2" && h != "btrfs:bamssvc,mounted:"+mnt+",repository:r2" {
		t.Errorf("holders %s", h)
	}
	list, err := s.Btrfs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := find(list.Filesystems, func(b api.Btrfs) bool { return b.UUID == fs.UUID }); !ok || len(got.UsedBy) != 1 || got.UsedBy[0].ID != "r2" {
		t.Errorf("listed %+v", got)
	}
	uses.set()
	if _, err := s.DeleteSubvolume(ctx, fs.UUID, filepath.Join(mnt, "data@1"), filepath.Join(mnt, "data@1")); err != nil {
		t.Fatal(err)
	}

	task, err := s.StartBtrfsScrub(ctx, fs.UUID, api.Caller{UID: 0, User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	if done := waitTask(t, m, task.ID); done.State != api.TaskSucceeded || done.Progress.Percent != 100 {
		t.Errorf("scrub task %+v", done)
	}
	list, _ = s.Btrfs(ctx)
	if got, _ := find(list.Filesystems, func(b api.Btrfs) bool { return b.UUID == fs.UUID }); got.Scrub == nil || got.Scrub.Status != "finished" {
		t.Errorf("scrub state %+v", got.Scrub)
	}
}
