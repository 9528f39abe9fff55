package repos

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/lvm"
	"bams/backend/internal/testenv"
)

// Folder and btrfs-subvolume repositories on a real btrfs over a loop
// device: create, figures from statfs, used-by, and a delete that loses
// the subvolume's files only once its name is given.
func TestBtrfsRepositoriesReal(t *testing.T) {
	for _, tool := range []string{"mkfs.btrfs", "btrfs", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install btrfs-progs; scripts/deps-storage.txt)", tool)
		}
	}
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
	loop := testenv.NewLoopDevice(t, 256<<20, false)
	s, _ := newService(t)
	ctx := context.Background()
	if err := btrfs.Mkfs(ctx, s.runner, btrfs.MkfsOptions{Devices: []string{loop.Path}, Label: "bamsrepo"}); err != nil {
		t.Fatal(err)
	}
	mnt := testenv.Mount(t, loop.Path, "btrfs")

	sub := filepath.Join(mnt, "backups")
	if task := create(t, s, api.RepositoryCreate{Name: "fast", Kind: api.RepoBtrfsSubvol, Path: sub}); task.State != api.TaskSucceeded {
		t.Fatalf("create: %+v", task)
	}
	if info, err := btrfs.ShowSubvolume(ctx, s.runner, sub); err != nil || info.Name != "backups" {
		t.Fatalf("no subvolume: %+v %v", info, err)
	}
	if st, _ := os.Stat(sub); st.Mode().Perm() != 0o700 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	folder := filepath.Join(mnt, "plain")
	os.Mkdir(folder, 0o755)
	if task := create(t, s, api.RepositoryCreate{Name: "plain", Kind: api.RepoFolder, Path: folder}); task.State != api.TaskSucceeded {
		t.Fatalf("create folder: %+v", task)
	}
	// a subvolume inside a repository is refused
	if _, err := s.StartCreate(ctx, api.RepositoryCreate{Name: "inner", Kind: api.RepoBtrfsSubvol, Path: filepath.Join(sub, "x")}, api.Caller{}); err == nil {
		t.Error("a subvolume inside a repository was accepted")
	}
	r, err := s.Get(ctx, "fast")
	if err != nil || r.Health != api.RepoHealthOnline || r.Size < 200<<20 || r.Size > 256<<20 || r.Free == 0 ||
		r.Backing != (api.StorageObject{Kind: api.ObjectBtrfsSubvol, Name: sub}) {
		t.Fatalf("repository %+v %v", r, err)
	}

	os.MkdirAll(filepath.Join(sub, "web1", "2026-11-20T02-15-00Z"), 0o700)
	os.WriteFile(filepath.Join(sub, "web1", "2026-11-20T02-15-00Z", "passwd"), make([]byte, 1000), 0o600)
	if _, err := s.Delete(ctx, "fast", ""); err == nil || !strings.Contains(err.Error(), "1 files (1000 bytes)") {
		t.Fatalf("delete without its name: %v", err)
	}
	res, err := s.Delete(ctx, "fast", "fast")
	if err != nil || res.Lost.Files != 1 || res.Lost.Bytes != 1000 {
		t.Fatalf("delete: %+v %v", res, err)
	}
	if _, err := os.Lstat(sub); !os.IsNotExist(err) {
		t.Errorf("the subvolume is still there: %v", err)
	}
	if res, err := s.Delete(ctx, "plain", ""); err != nil || res.Kept != folder {
		t.Errorf("delete the folder repository: %+v %v", res, err)
	}
}

// The LVM part of an LV repository, real on a loop device in LVM's
// metadata-only mode; the device node, mkfs and mount need device-mapper,
// which this machine lacks, so the fake system says the device never
// appears: the create fails there and its real lvcreate is undone by a
// real lvremove.
func TestLVMRepositoryRealMetadataUndoneFakeDevice(t *testing.T) {
	for _, tool := range []string{"pvcreate", "vgcreate", "lvcreate", "lvs"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install lvm2; scripts/deps-storage.txt)", tool)
		}
	}
	loop := testenv.NewLoopDevice(t, 160<<20, false)
	ctx := context.Background()
	metadataOnly := lvm.Config{Extra: "global/activation=0 backup/backup=0 backup/archive=0"}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	vg := "bamsrepo" + hex.EncodeToString(suffix) // machine-wide names: never another test's
	s, _ := newService(t)
	s.lvm, s.sys = metadataOnly, newFakeSystem()
	if err := lvm.CreatePVs(ctx, s.runner, metadataOnly, loop.Path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = lvm.RemoveVG(context.Background(), s.runner, metadataOnly, vg)
		if err := lvm.RemovePVs(context.Background(), s.runner, metadataOnly, loop.Path); err != nil {
			t.Errorf("pvremove: %v", err)
		}
	})
	if err := lvm.CreateVG(ctx, s.runner, metadataOnly, vg, loop.Path); err != nil {
		t.Fatal(err)
	}
	s.mountRoot = t.TempDir()
	task := create(t, s, api.RepositoryCreate{Name: "fast", Kind: api.RepoLVM, Parent: vg, Size: 64 << 20})
	if task.State != api.TaskFailed || !strings.Contains(task.Error, "/dev/"+vg+"/fast did not appear") {
		t.Fatalf("create: %+v", task)
	}
	lvs, err := lvm.LVs(ctx, s.runner, metadataOnly, vg)
	if err != nil || len(lvs) != 0 {
		t.Fatalf("the LV was not removed: %+v %v", lvs, err)
	}
}
