package lvm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

func TestCreateLVArgs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		spec LVSpec
		argv string
	}{
		{LVSpec{VG: "data", Name: "repo1", Size: 100 << 20, Tags: []string{"bams:repo=r1"}}, "-y -n repo1 -L 104857600b --addtag bams:repo=r1 data"},
		{LVSpec{VG: "data", Name: "rest", FreePct: 100}, "-y -n rest -l 100%FREE data"},
		{LVSpec{VG: "data", Name: "pool0", Type: ThinPool, Size: 1 << 30}, "-y -n pool0 --type thin-pool -L 1073741824b data"},
		{LVSpec{VG: "data", Name: "thin1", Type: Thin, Pool: "pool0", Size: 10 << 30}, "-y -n thin1 --type thin --thinpool pool0 -V 10737418240b data"},
		{LVSpec{VG: "-data", Name: "x", Size: 1}, ""},
		{LVSpec{VG: "data", Name: "snapshot1", Size: 1}, ""},
		{LVSpec{VG: "data", Name: "x_tmeta", Size: 1}, ""},
		{LVSpec{VG: "data", Name: "x"}, ""},
		{LVSpec{VG: "data", Name: "x", Size: 1, FreePct: 10}, ""},
		{LVSpec{VG: "data", Name: "x", Type: Thin, Pool: "p", FreePct: 50}, ""},
		{LVSpec{VG: "data", Name: "x", Size: 1, Tags: []string{"-t"}}, ""},
		{LVSpec{VG: "data", Name: "x", Size: 1, Type: "raid1"}, ""},
	} {
		args, err := CreateLVArgs(c.spec)
		if got := strings.Join(args, " "); c.argv == "" && err == nil || c.argv != "" && (err != nil || got != c.argv) {
			t.Errorf("%+v: %q %v", c.spec, got, err)
		}
	}
}

// Thin pools need device-mapper, which this machine lacks: the argv and
// the flow are checked on a fake lvcreate/lvs (the name says so).
func TestThinPoolFakeLVM(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("lvcreate", `echo '  Logical volume "pool0" created.'`)
	d.Replay("lvs", "testdata/lvs.json", 0)
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second}
	ctx := context.Background()
	if err := CreateLV(ctx, r, Config{}, LVSpec{VG: "bamsvg", Name: "pool0", Type: ThinPool, Size: 300 << 20}); err != nil {
		t.Fatal(err)
	}
	if c := d.Calls("lvcreate"); len(c) != 1 || strings.Join(c[0], " ") != "-y -n pool0 --type thin-pool -L 314572800b bamsvg" {
		t.Errorf("%q", c)
	}
	if _, err := LVs(ctx, r, Config{Extra: "global/activation=0"}, "bamsvg"); err != nil {
		t.Fatal(err)
	}
	if c := d.Calls("lvs"); !strings.HasPrefix(strings.Join(c[0], " "), "--config global/activation=0 --reportformat json --units b --nosuffix -o lv_name,") ||
		c[0][len(c[0])-1] != "bamsvg" {
		t.Errorf("%q", c)
	}
}

// Recorded stderr (testdata/transcript*.txt) into typed errors.
func TestErrorKinds(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	r := &execx.Runner{Path: d.Path, Timeout: 5 * time.Second}
	ctx := context.Background()
	for stderr, want := range map[string]Kind{
		`  Volume group "novg" not found\n  Cannot process volume group novg`:                      NotFound,
		`  Failed to find logical volume "bamsvg/snap1"`:                                           NotFound,
		`  A volume group called bamsvg already exists.`:                                           Exists,
		`  Cannot use /dev/loop7: device is too small (pv_min_size)`:                               DeviceUnusable,
		`  Insufficient suitable allocatable extents for logical volume striped: 50 more required`: NoSpace,
		`  Thin pool volume with chunk size 64.00 KiB can address at most <15.88 TiB of data.\n  Can't create thin-pool without using device-mapper kernel driver.`: NoDeviceMapper,
		`  striped: Required device-mapper target(s) not detected in your kernel.\n  Run ` + "`lvcreate --help'":                                                    NoDeviceMapper,
		`  Volume group "bamsvg" not removed`: Failed,
	} {
		file := filepath.Join(t.TempDir(), "stderr")
		text := "  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n" + strings.ReplaceAll(stderr, `\n`, "\n") + "\n"
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		d.ReplayStderr("lvcreate", file, 5)
		err := CreateLV(ctx, r, Config{}, LVSpec{VG: "bamsvg", Name: "x", Size: 1 << 20})
		var e *Error
		if !errors.As(err, &e) || e.Kind != want {
			t.Errorf("%s: %v", stderr, err)
			continue
		}
		if strings.Contains(e.Error(), "WARNING") {
			t.Errorf("message shows the warning: %s", e.Error())
		}
	}
	if err := RemoveLV(ctx, r, Config{}, "vg", "-rf"); err == nil {
		t.Error("bad LV name accepted")
	}
	if err := CreateVG(ctx, r, Config{}, "vg", "/dev/../sda"); err == nil {
		t.Error("bad device accepted")
	}
}
