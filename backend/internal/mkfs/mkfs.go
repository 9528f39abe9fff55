// Package mkfs makes the ext4 and xfs filesystems of repositories on a new
// ZFS volume or LVM LV, with mkfs.ext4 (e2fsprogs) and mkfs.xfs (xfsprogs).
// It never forces: mkfs.xfs refuses a device holding a filesystem without
// -f, and mkfs.ext4, which only asks on a terminal, is told to refuse too
// (-E nodiscard keeps it from trimming a device it was wrong about).
package mkfs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/execx"
)

// Filesystems BAMS makes.
const (
	Ext4 = "ext4"
	XFS  = "xfs"
)

var (
	deviceRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)
	// labels: ext4 takes 16 bytes, xfs 12
	labelRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,11}$`)
)

// Error is a refused or failed mkfs.
type Error struct {
	Device, Reason string
	HasFilesystem  bool // the device already holds a filesystem: nothing was written
	Err            error
}

func (e *Error) Error() string { return fmt.Sprintf("mkfs %s: %s", e.Device, e.Reason) }
func (e *Error) Unwrap() error { return e.Err }

// APIKind: a refusal before anything ran is the caller's bad request;
// an existing filesystem is a conflict; anything else the tool's failure.
func (e *Error) APIKind() api.ErrorKind {
	switch {
	case e.HasFilesystem:
		return api.KindConflict
	case e.Err == nil:
		return api.KindBadRequest
	}
	return api.KindToolFailed
}

// Args is the argv of making fstype on device, labelled.
func Args(device, fstype, label string) (string, []string, error) {
	if !deviceRE.MatchString(device) {
		return "", nil, &Error{Device: device, Reason: "not a device path"}
	}
	if !labelRE.MatchString(label) {
		return "", nil, &Error{Device: device, Reason: fmt.Sprintf("label %q must be 1-12 letters, digits, '_', '.' or '-'", label)}
	}
	switch fstype {
	case Ext4:
		// -F is never given: without a terminal mkfs.ext4 would go ahead
		// over an existing filesystem, so the caller checks with blkid first.
		return "mkfs.ext4", []string{"-q", "-L", label, "-E", "nodiscard", device}, nil
	case XFS:
		return "mkfs.xfs", []string{"-q", "-L", label, "-K", device}, nil
	}
	return "", nil, &Error{Device: device, Reason: fmt.Sprintf("filesystem %q is not ext4 or xfs", fstype)}
}

// Make makes fstype on device. The caller has checked (blkid) that the
// device holds nothing: see the package doc.
func Make(ctx context.Context, r *execx.Runner, device, fstype, label string) error {
	tool, args, err := Args(device, fstype, label)
	if err != nil {
		return err
	}
	res, err := r.Run(ctx, execx.Cmd{Name: tool, Args: args})
	var ee *execx.ExitError
	if errors.As(err, &ee) && !ee.TimedOut {
		stderr := strings.TrimSpace(string(res.Stderr))
		return &Error{Device: device, Reason: firstLine(stderr), HasFilesystem: strings.Contains(stderr, "appears to contain an existing filesystem"), Err: err}
	}
	return err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if line == "" {
		return "failed"
	}
	return line
}
