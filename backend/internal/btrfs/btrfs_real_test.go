package btrfs

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

// Everything on a real btrfs over a loop device: mkfs with profiles,
// show, usage, subvolumes, a read-only snapshot, qgroups, scrub.
func TestBtrfsReal(t *testing.T) {
	t.Parallel()
	requireBtrfs(t)
	a := testenv.NewLoopDevice(t, 512<<20, false)
	b := testenv.NewLoopDevice(t, 512<<20, false)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	ctx := context.Background()

	if err := Mkfs(ctx, r, MkfsOptions{Devices: []string{a.Path, b.Path}, Label: "bamstest", Data: "raid1", Metadata: "raid1"}); err != nil {
		t.Fatal(err)
	}
	// Never overwritten: no -f.
	if err := Mkfs(ctx, r, MkfsOptions{Devices: []string{a.Path}}); !IsKind(err, HasFilesystem) {
		t.Errorf("mkfs over a filesystem: %v", err)
	}
	mnt := testenv.Mount(t, a.Path, "btrfs", "device="+b.Path)

	fss, err := Show(ctx, r, mnt)
	if err != nil || len(fss) != 1 || fss[0].Label != "bamstest" || fss[0].TotalDevices != 2 || len(fss[0].Devices) != 2 ||
		fss[0].Devices[1].Path != b.Path || fss[0].Devices[0].Size != 512<<20 {
		t.Fatalf("show %+v %v", fss, err)
	}
	u, err := FilesystemUsage(ctx, r, mnt)
	if err != nil || u.DeviceSize != 1<<30 || u.DataRatio != 2 || u.MetadataRatio != 2 {
		t.Fatalf("usage %+v %v", u, err)
	}
	profiles := map[string]string{}
	for _, p := range u.Profiles {
		profiles[p.Type] = p.Profile
		if p.Type == "Data" && len(p.Devices) != 2 {
			t.Errorf("data on %v", p.Devices)
		}
	}
	if profiles["Data"] != "RAID1" || profiles["Metadata"] != "RAID1" {
		t.Errorf("profiles %v", profiles)
	}

	data := filepath.Join(mnt, "data")
	if err := CreateSubvolume(ctx, r, data); err != nil {
		t.Fatal(err)
	}
	if err := CreateSubvolume(ctx, r, data); !IsKind(err, Exists) {
		t.Errorf("twice: %v", err)
	}
	if err := os.WriteFile(filepath.Join(data, "f"), make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(mnt, ".snapshots"), 0o700); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(mnt, ".snapshots", "data@2026-01-01T00:00:00Z")
	if err := Snapshot(ctx, r, data, snap); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(snap, "g"), nil, 0o644); err == nil {
		t.Error("the snapshot must be read-only")
	}
	subs, err := ListSubvolumes(ctx, r, mnt, false)
	if err != nil || len(subs) != 2 || subs[0].Path != "data" || subs[1].Path != ".snapshots/data@2026-01-01T00:00:00Z" || subs[1].ParentUUID != subs[0].UUID {
		t.Fatalf("list %+v %v", subs, err)
	}
	s, err := ShowSubvolume(ctx, r, snap)
	if err != nil || !s.ReadOnly || s.ID != subs[1].ID || s.Name != "data@2026-01-01T00:00:00Z" {
		t.Errorf("show %+v %v", s, err)
	}
	if orig, err := ShowSubvolume(ctx, r, data); err != nil || len(orig.Snapshots) != 1 || orig.Snapshots[0] != ".snapshots/data@2026-01-01T00:00:00Z" {
		t.Errorf("origin %+v %v", orig, err)
	}

	if _, err := Qgroups(ctx, r, mnt); !IsKind(err, QuotasOff) {
		t.Errorf("quotas off: %v", err)
	}
	if err := EnableQuotas(ctx, r, mnt); err != nil {
		t.Fatal(err)
	}
	q, err := Qgroups(ctx, r, mnt)
	if err != nil {
		t.Fatal(err)
	}
	var dataGroup Qgroup
	for _, g := range q.Groups {
		if g.Path == "data" {
			dataGroup = g
		}
	}
	if dataGroup.ID != "0/256" || dataGroup.Referenced < 1<<20 {
		t.Errorf("qgroups %+v", q)
	}

	sum, err := RunScrub(ctx, r, mnt, nil)
	if err != nil || sum.Status != "finished" || sum.Errors != "no errors found" {
		t.Errorf("scrub %+v %v", sum, err)
	}
	if st, err := ScrubStatus(ctx, r, mnt); err != nil || st.Status != "finished" || st.UUID != fss[0].UUID {
		t.Errorf("scrub status %+v %v", st, err)
	}
	if err := CancelScrub(ctx, r, mnt); !IsKind(err, NotRunning) {
		t.Errorf("cancel with none running: %v", err)
	}

	if err := DeleteSubvolume(ctx, r, snap); err != nil {
		t.Fatal(err)
	}
	if err := DeleteSubvolume(ctx, r, filepath.Join(mnt, "nosuch")); !IsKind(err, NotFound) {
		t.Errorf("missing: %v", err)
	}
	if subs, err := ListSubvolumes(ctx, r, mnt, true); err != nil || len(subs) != 1 {
		t.Errorf("after delete %+v %v", subs, err)
	}
}

// requireBtrfs: the real tests need btrfs-progs, mount and a kernel with btrfs.
func requireBtrfs(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"mkfs.btrfs", "btrfs", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install btrfs-progs; scripts/deps-storage.txt)", tool)
		}
	}
	if b, _ := os.ReadFile("/proc/filesystems"); !strings.Contains(string(b), "btrfs") {
		testenv.Missing(t, "this kernel has no btrfs")
	}
}
