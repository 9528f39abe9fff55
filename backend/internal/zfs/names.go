package zfs

import (
	"fmt"
	"regexp"
	"strings"
)

// NameError: a pool, dataset, snapshot or device name that BAMS refuses
// before running anything.
type NameError struct {
	Field, Value, Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// A ZFS name component: letters, digits and "_-.:" (zfs(8) "Naming"),
// which must start with a letter or digit here so that nothing starting
// with "-" is ever an argument. Space and "%" are allowed by ZFS but not
// by BAMS: they make names that shells and URLs mangle.
var (
	componentRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
	// Pool names the kernel keeps for itself, and prefixes zpool refuses.
	reservedPools  = map[string]bool{"mirror": true, "raidz": true, "draid": true, "spare": true, "log": true, "cache": true, "special": true, "dedup": true}
	reservedPrefix = regexp.MustCompile(`^(?:c[0-9]|raidz[0-9]|draid[0-9])`)
)

// maxName is ZFS's ZFS_MAX_DATASET_NAME_LEN (256, with the final NUL).
const maxName = 255

// CheckPoolName validates a pool name for create and import.
func CheckPoolName(name string) error {
	switch {
	case name == "":
		return &NameError{"pool", name, "is empty"}
	case len(name) > maxName:
		return &NameError{"pool", name, "is longer than 255 bytes"}
	case !componentRE.MatchString(name) || !isLetter(name[0]):
		return &NameError{"pool", name, "must start with a letter and hold only letters, digits and _-.:"}
	case reservedPools[name] || reservedPrefix.MatchString(name):
		return &NameError{"pool", name, "is reserved by ZFS"}
	}
	return nil
}

// CheckDatasetName validates pool/fs/child (a filesystem or volume).
func CheckDatasetName(name string) error {
	if len(name) > maxName {
		return &NameError{"dataset", name, "is longer than 255 bytes"}
	}
	parts := strings.Split(name, "/")
	if err := CheckPoolName(parts[0]); err != nil {
		return &NameError{"dataset", name, "its pool " + err.(*NameError).Reason}
	}
	for _, p := range parts[1:] {
		if !componentRE.MatchString(p) {
			return &NameError{"dataset", name, "each part after the pool must start with a letter or digit and hold only letters, digits and _-.:"}
		}
	}
	return nil
}

// CheckSnapshotName validates dataset@snapshot.
func CheckSnapshotName(name string) error {
	ds, snap, ok := strings.Cut(name, "@")
	if !ok {
		return &NameError{"snapshot", name, "has no @"}
	}
	if err := CheckDatasetName(ds); err != nil {
		return err
	}
	if !componentRE.MatchString(snap) || len(name) > maxName {
		return &NameError{"snapshot", name, "the part after @ must start with a letter or digit and hold only letters, digits and _-.:"}
	}
	return nil
}

// CheckAnyName accepts a dataset or a snapshot name.
func CheckAnyName(name string) error {
	if strings.Contains(name, "@") {
		return CheckSnapshotName(name)
	}
	return CheckDatasetName(name)
}

// devicePathRE: a vdev is a device node or a stable link to one. Files
// (file vdevs) are for testing ZFS, not for an appliance's pools.
var devicePathRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)

// CheckDevice validates a vdev device path.
func CheckDevice(dev string) error {
	if !devicePathRE.MatchString(dev) || strings.Contains(dev, "/../") || strings.HasSuffix(dev, "/..") || strings.Contains(dev, "//") {
		return &NameError{"device", dev, "must be a path under /dev/ (such as /dev/disk/by-id/...)"}
	}
	return nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
