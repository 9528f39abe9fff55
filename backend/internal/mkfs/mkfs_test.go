package mkfs

import (
	"context"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/testenv"
)

func TestArgs(t *testing.T) {
	tool, args, err := Args("/dev/vg0/fast", Ext4, "fast")
	if err != nil || tool != "mkfs.ext4" || !reflect.DeepEqual(args, []string{"-q", "-L", "fast", "-E", "nodiscard", "/dev/vg0/fast"}) {
		t.Errorf("%s %v %v", tool, args, err)
	}
	tool, args, err = Args("/dev/zvol/tank/vol", XFS, "vol")
	if err != nil || tool != "mkfs.xfs" || !reflect.DeepEqual(args, []string{"-q", "-L", "vol", "-K", "/dev/zvol/tank/vol"}) {
		t.Errorf("%s %v %v", tool, args, err)
	}
	for _, c := range [][3]string{{"-f", Ext4, "x"}, {"/dev/-x", Ext4, "x"}, {"/dev/sdb", "btrfs", "x"}, {"/dev/sdb", XFS, "-x"}, {"/dev/sdb", XFS, "thirteen-long"}} {
		var e *Error
		if _, _, err := Args(c[0], c[1], c[2]); err == nil || !asError(err, &e) || e.APIKind() != api.KindBadRequest {
			t.Errorf("%v: %v", c, err)
		}
	}
}

func asError(err error, e **Error) bool {
	var ok bool
	*e, ok = err.(*Error)
	return ok
}

// Both filesystems on a real loop device; mkfs.xfs over an existing
// filesystem is refused as a conflict and writes nothing.
func TestMakeReal(t *testing.T) {
	for _, tool := range []string{"mkfs.ext4", "mkfs.xfs", "blkid"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not installed (scripts/deps-storage.txt: e2fsprogs, xfsprogs)", tool)
		}
	}
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: time.Minute}
	ctx := context.Background()
	for _, fs := range []string{Ext4, XFS} {
		loop := testenv.NewLoopDevice(t, 320<<20, false)
		if err := Make(ctx, r, loop.Path, fs, "bamstest"); err != nil {
			t.Fatalf("%s: %v", fs, err)
		}
		out, _ := exec.Command("blkid", "-o", "value", "-s", "TYPE", loop.Path).Output()
		if string(out) != fs+"\n" {
			t.Errorf("blkid says %q, want %s", out, fs)
		}
	}
	loop := testenv.NewLoopDevice(t, 320<<20, false)
	if err := Make(ctx, r, loop.Path, Ext4, "first"); err != nil {
		t.Fatal(err)
	}
	err := Make(ctx, r, loop.Path, XFS, "second")
	var e *Error
	if !asError(err, &e) || !e.HasFilesystem || e.APIKind() != api.KindConflict {
		t.Fatalf("mkfs.xfs over ext4: %v", err)
	}
	if out, _ := exec.Command("blkid", "-o", "value", "-s", "LABEL", loop.Path).Output(); string(out) != "first\n" {
		t.Errorf("the filesystem was touched: label %q", out)
	}
}
