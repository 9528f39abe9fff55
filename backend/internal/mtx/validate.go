package mtx

import (
	"fmt"
	"regexp"
	"strings"
)

// ArgError: a device path or element number BAMS refuses before running
// anything.
type ArgError struct {
	Field, Value, Reason string
}

func (e *ArgError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// A changer is an sg node or a stable link to one (/dev/sg5,
// /dev/tape/by-id/scsi-387408F60F0000, /dev/tape/by-path/pci-0000:03:00.0-sas-...).
// Starting after "/dev/" with a letter or digit keeps it from ever being
// read as an option.
var devicePathRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)

// CheckDevice validates a changer device path.
func CheckDevice(dev string) error {
	if len(dev) > 255 || !devicePathRE.MatchString(dev) || strings.Contains(dev, "/../") ||
		strings.HasSuffix(dev, "/..") || strings.Contains(dev, "/./") || strings.Contains(dev, "//") {
		return &ArgError{"device", dev, "must be a path under /dev/ (such as /dev/sg5 or /dev/tape/by-id/...)"}
	}
	return nil
}

// maxElement: SCSI element addresses are 16 bits, so no library has more
// elements of one type than that.
const maxElement = 0xFFFF

// CheckSlot validates a 1-based slot (storage element) number.
func CheckSlot(n int) error {
	if n < 1 || n > maxElement {
		return &ArgError{"slot", fmt.Sprint(n), "must be between 1 and 65535"}
	}
	return nil
}

// CheckDrive validates a 0-based drive number.
func CheckDrive(n int) error {
	if n < 0 || n > maxElement {
		return &ArgError{"drive", fmt.Sprint(n), "must be between 0 and 65535"}
	}
	return nil
}
