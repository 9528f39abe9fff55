package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// LoopDevice is a loop device over a sparse file of its own, for the real
// storage tests (lsblk, LVM metadata, btrfs). Loop devices are machine-wide:
// each test makes its own in a fresh folder and cleanup detaches exactly
// the device it attached, never "all loop devices".
type LoopDevice struct {
	Path string // /dev/loopN
	File string // the backing sparse file
}

// RequireLoop skips (or fails, when integration is required) unless this
// machine can attach loop devices.
func RequireLoop(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "loop devices need root")
	}
	if _, err := os.Stat("/dev/loop-control"); err != nil {
		Missing(t, "no /dev/loop-control: this kernel has no loop devices")
	}
	if _, err := exec.LookPath("losetup"); err != nil {
		Missing(t, "losetup (util-linux) not installed")
	}
}

// NewLoopDevice attaches a loop device over a new sparse file of size
// bytes, detached when the test ends. partitions asks the kernel to scan
// it for a partition table (losetup -P), so /dev/loopNp1... appear.
func NewLoopDevice(t testing.TB, size int64, partitions bool) *LoopDevice {
	t.Helper()
	RequireLoop(t)
	file := filepath.Join(t.TempDir(), "disk.img")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		t.Fatal(err)
	}
	f.Close()
	args := []string{"--find", "--show"}
	if partitions {
		args = append(args, "--partscan")
	}
	out, err := exec.Command("losetup", append(args, file)...).CombinedOutput()
	if err != nil {
		Missing(t, "losetup --find %s: %v: %s", file, err, out)
	}
	l := &LoopDevice{Path: strings.TrimSpace(string(out)), File: file}
	t.Cleanup(func() {
		// A just-unmounted filesystem can keep the device busy for a moment.
		for i := 0; ; i++ {
			out, err := exec.Command("losetup", "--detach", l.Path).CombinedOutput()
			if err == nil || i == 20 {
				if err != nil {
					t.Errorf("losetup --detach %s: %v: %s", l.Path, err, out)
				}
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return l
}

// Mount mounts device (with fstype) on a fresh folder, unmounted when the
// test ends (before the loop device under it is detached, cleanups being
// last in, first out).
func Mount(t testing.TB, device, fstype string, options ...string) string {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-t", fstype}
	if len(options) > 0 {
		args = append(args, "-o", strings.Join(options, ","))
	}
	if out, err := exec.Command("mount", append(args, device, dir)...).CombinedOutput(); err != nil {
		t.Fatalf("mount %s on %s: %v: %s", device, dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}
