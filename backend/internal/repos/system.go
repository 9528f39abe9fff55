package repos

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// System is what the service does to the machine itself, beside its
// tools: mounts and device nodes. Tests give a fake (no device-mapper or
// ZFS here); production uses Host.
type System interface {
	Mount(device, dir, fstype string) error
	Unmount(dir string) error
	Mounted(dir string) bool
	// WaitDevice waits for a new volume's device node (udev makes it a
	// moment after zfs create -V or lvcreate).
	WaitDevice(path string, timeout time.Duration) error
}

// Host is the machine's own System.
type Host struct{}

// Mount mounts device on dir, nosuid and nodev: backups hold hosts'
// setuid files and device nodes, which must never work here.
func (Host) Mount(device, dir, fstype string) error {
	if err := unix.Mount(device, dir, fstype, unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("mounting %s on %s: %w", device, dir, err)
	}
	return nil
}

// Unmount unmounts dir.
func (Host) Unmount(dir string) error {
	if err := unix.Unmount(dir, 0); err != nil {
		return fmt.Errorf("unmounting %s: %w", dir, err)
	}
	return nil
}

// Mounted: a mount has a device of its own, unlike the folder it is on.
func (Host) Mounted(dir string) bool {
	var a, b unix.Stat_t
	if unix.Lstat(dir, &a) != nil || unix.Lstat(filepath.Dir(dir), &b) != nil {
		return false
	}
	return a.Dev != b.Dev
}

// WaitDevice polls for path to be a block device.
func (Host) WaitDevice(path string, timeout time.Duration) error {
	for end := time.Now().Add(timeout); ; time.Sleep(100 * time.Millisecond) {
		if st, err := os.Stat(path); err == nil && st.Mode()&os.ModeDevice != 0 {
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("%s did not appear within %s", path, timeout)
		}
	}
}
