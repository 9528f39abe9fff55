package lvm

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os/exec"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

// metadataOnly is LVM without device-mapper (this machine): activation
// off, and no /etc/lvm/backup or archive files left behind by tests.
var metadataOnly = Config{Extra: "global/activation=0 backup/backup=0 backup/archive=0"}

// Real pvcreate, vgcreate, lvcreate, lvextend, lvremove on two loop
// devices, metadata only. A linear LV spans both PVs; the thin pool that
// needs device-mapper fails with the recorded error, typed.
func TestLVMRealMetadataOnly(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"pvcreate", "vgcreate", "lvcreate", "pvs"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install lvm2; scripts/deps-storage.txt)", tool)
		}
	}
	a := testenv.NewLoopDevice(t, 64<<20, false)
	b := testenv.NewLoopDevice(t, 64<<20, false)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 60 * time.Second}
	ctx := context.Background()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	vg := "bamstest" + hex.EncodeToString(suffix) // machine-wide names: never reuse another test's VG

	if err := CreatePVs(ctx, r, metadataOnly, a.Path, b.Path); err != nil {
		t.Fatal(err)
	}
	// Runs before the loop devices are detached (cleanups run last first).
	t.Cleanup(func() {
		_ = RemoveVG(context.Background(), r, metadataOnly, vg)
		if err := RemovePVs(context.Background(), r, metadataOnly, a.Path, b.Path); err != nil {
			t.Errorf("pvremove: %v", err)
		}
	})
	pvs, err := PVs(ctx, r, metadataOnly)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]PV{}
	for _, p := range pvs {
		if p.Name == a.Path || p.Name == b.Path {
			mine[p.Name] = p
		}
	}
	if len(mine) != 2 || mine[a.Path].VG != "" || mine[a.Path].DevSize != 64<<20 {
		t.Fatalf("pvs %+v", mine)
	}
	if err := CreateVG(ctx, r, metadataOnly, vg, a.Path, b.Path); err != nil {
		t.Fatal(err)
	}
	if err := CreateVG(ctx, r, metadataOnly, vg, a.Path); !IsKind(err, Exists) {
		t.Errorf("second vgcreate: %v", err)
	}
	vgs, err := VGs(ctx, r, metadataOnly)
	if err != nil {
		t.Fatal(err)
	}
	var got VG
	for _, v := range vgs {
		if v.Name == vg {
			got = v
		}
	}
	if got.PVCount != 2 || got.ExtentSize != 4<<20 || got.Size != got.ExtentSize*got.ExtentCount || got.Free != got.Size {
		t.Fatalf("vg %+v", got)
	}
	// 100 MiB does not fit one 64 MiB PV: it spans both.
	if err := CreateLV(ctx, r, metadataOnly, LVSpec{VG: vg, Name: "repo1", Size: 100 << 20, Tags: []string{"bams:repo=r1"}}); err != nil {
		t.Fatal(err)
	}
	if err := CreateLV(ctx, r, metadataOnly, LVSpec{VG: vg, Name: "huge", Size: 1 << 30}); !IsKind(err, NoSpace) {
		t.Errorf("too big: %v", err)
	}
	if err := ExtendLV(ctx, r, metadataOnly, vg, "repo1", 110<<20, false); err != nil {
		t.Fatal(err)
	}
	lvs, err := LVs(ctx, r, metadataOnly, vg)
	if err != nil || len(lvs) != 1 {
		t.Fatalf("%+v %v", lvs, err)
	}
	l := lvs[0]
	// 110 MiB rounds up to 28 extents of 4 MiB.
	if l.Name != "repo1" || l.Size != 112<<20 || l.Kind() != "linear" || l.Path != "/dev/"+vg+"/repo1" || l.Active != "unknown" ||
		len(l.Tags) != 1 || l.Tags[0] != "bams:repo=r1" {
		t.Errorf("lv %+v", l)
	}
	if err := CreateLV(ctx, r, metadataOnly, LVSpec{VG: vg, Name: "pool0", Type: ThinPool, Size: 8 << 20}); !IsKind(err, NoDeviceMapper) {
		t.Errorf("thin pool without device-mapper: %v", err)
	}
	if err := RemoveLV(ctx, r, metadataOnly, vg, "repo1"); err != nil {
		t.Fatal(err)
	}
	if err := RemoveLV(ctx, r, metadataOnly, vg, "repo1"); !IsKind(err, NotFound) {
		t.Errorf("removed twice: %v", err)
	}
	if _, err := LVs(ctx, r, metadataOnly, "nosuchvg"+hex.EncodeToString(suffix)); !IsKind(err, NotFound) {
		t.Errorf("missing VG: %v", err)
	}
}
