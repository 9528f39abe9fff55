package btrfs

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
)

// PathError: a device or path BAMS refuses before running anything.
type PathError struct{ Field, Value, Reason string }

func (e *PathError) Error() string { return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason) }

var (
	deviceRE = regexp.MustCompile(`^/dev/[A-Za-z0-9][A-Za-z0-9_.:@+=/-]*$`)
	labelRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$`)
	// subvolume names (the last path part): no "/" and nothing starting
	// with "-" or "."; "@" and ":" allowed for snapshot names like
	// data@2026-01-01T00:00:00Z.
	subvolNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,254}$`)
)

// checkPath accepts an absolute, clean path (the mount point of a
// filesystem, or a subvolume below one).
func checkPath(p string) error {
	if !filepath.IsAbs(p) || filepath.Clean(p) != p || strings.ContainsAny(p, "\n\t") {
		return &PathError{"path", p, "must be an absolute clean path"}
	}
	return nil
}

func checkSubvolPath(p string) error {
	if err := checkPath(p); err != nil {
		return err
	}
	if !subvolNameRE.MatchString(filepath.Base(p)) {
		return &PathError{"subvolume", p, "its name must start with a letter, digit or _ and hold only letters, digits and _.:@+-"}
	}
	return nil
}

// Profile names mkfs.btrfs accepts for -d and -m.
var profiles = map[string]bool{"single": true, "dup": true, "raid0": true, "raid1": true, "raid1c3": true, "raid1c4": true,
	"raid10": true, "raid5": true, "raid6": true}

// minDevices is how many devices each profile needs.
var minDevices = map[string]int{"single": 1, "dup": 1, "raid0": 2, "raid1": 2, "raid1c3": 3, "raid1c4": 4, "raid10": 2, "raid5": 2, "raid6": 3}

// MkfsOptions is a filesystem to make.
type MkfsOptions struct {
	Devices  []string // nothing may hold them: the caller checked with package disks
	Label    string
	Data     string // data profile: single, raid1, ...; "" for mkfs.btrfs's default
	Metadata string // metadata profile; "" for the default (dup on one device, raid1 on more)
}

// MkfsArgs is mkfs.btrfs's argv. -f is never passed: a device with a
// filesystem on it fails (HasFilesystem) instead of being overwritten.
func MkfsArgs(o MkfsOptions) ([]string, error) {
	if len(o.Devices) == 0 {
		return nil, &PathError{"device", "", "no devices"}
	}
	seen := map[string]bool{}
	for _, d := range o.Devices {
		if !deviceRE.MatchString(d) || strings.Contains(d, "/../") || seen[d] {
			return nil, &PathError{"device", d, "must be a path under /dev/, named once"}
		}
		seen[d] = true
	}
	var args []string
	if o.Label != "" {
		if !labelRE.MatchString(o.Label) {
			return nil, &PathError{"label", o.Label, "letters, digits and _.- only"}
		}
		args = append(args, "-L", o.Label)
	}
	for _, p := range []struct{ flag, v string }{{"-d", o.Data}, {"-m", o.Metadata}} {
		if p.v == "" {
			continue
		}
		if !profiles[p.v] {
			return nil, &PathError{"profile", p.v, "single, dup, raid0, raid1, raid1c3, raid1c4, raid10, raid5 or raid6"}
		}
		if len(o.Devices) < minDevices[p.v] {
			return nil, &PathError{"profile", p.v, fmt.Sprintf("needs at least %d devices", minDevices[p.v])}
		}
		args = append(args, p.flag, p.v)
	}
	return append(args, o.Devices...), nil
}

// Mkfs runs mkfs.btrfs.
func Mkfs(ctx context.Context, r *execx.Runner, o MkfsOptions) error {
	args, err := MkfsArgs(o)
	if err != nil {
		return err
	}
	_, err = run(ctx, r, "mkfs.btrfs", args...)
	return err
}

// Show runs `btrfs filesystem show --raw` for a mounted path or device
// ("" for every btrfs filesystem).
func Show(ctx context.Context, r *execx.Runner, pathOrDevice string) ([]Filesystem, error) {
	args := []string{"filesystem", "show", "--raw"}
	if pathOrDevice != "" {
		if err := checkPath(pathOrDevice); err != nil {
			return nil, err
		}
		args = append(args, pathOrDevice)
	}
	res, err := run(ctx, r, "btrfs", args...)
	if err != nil {
		return nil, err
	}
	return ParseFilesystemShow(string(res.Stdout))
}

// FilesystemUsage runs `btrfs filesystem usage -b` on a mount point.
func FilesystemUsage(ctx context.Context, r *execx.Runner, mnt string) (Usage, error) {
	if err := checkPath(mnt); err != nil {
		return Usage{}, err
	}
	res, err := run(ctx, r, "btrfs", "filesystem", "usage", "-b", mnt)
	if err != nil {
		return Usage{}, err
	}
	return ParseUsage(string(res.Stdout))
}

// CreateSubvolume runs `btrfs subvolume create path`.
func CreateSubvolume(ctx context.Context, r *execx.Runner, path string) error {
	if err := checkSubvolPath(path); err != nil {
		return err
	}
	_, err := run(ctx, r, "btrfs", "subvolume", "create", path)
	return err
}

// Snapshot runs `btrfs subvolume snapshot -r src dst`: read-only, as
// backup snapshots must be (and as btrfs send needs).
func Snapshot(ctx context.Context, r *execx.Runner, src, dst string) error {
	if err := checkPath(src); err != nil {
		return err
	}
	if err := checkSubvolPath(dst); err != nil {
		return err
	}
	_, err := run(ctx, r, "btrfs", "subvolume", "snapshot", "-r", src, dst)
	return err
}

// DeleteSubvolume runs `btrfs subvolume delete --commit-after path`, so
// the space is accounted for when it returns. A subvolume holding another
// fails (NotEmpty).
func DeleteSubvolume(ctx context.Context, r *execx.Runner, path string) error {
	if err := checkSubvolPath(path); err != nil {
		return err
	}
	_, err := run(ctx, r, "btrfs", "subvolume", "delete", "--commit-after", path)
	return err
}

// ListSubvolumes runs `btrfs subvolume list -p -u -q -R` on a mount point;
// below, with -o, lists only the subvolumes directly below mnt.
func ListSubvolumes(ctx context.Context, r *execx.Runner, mnt string, below bool) ([]Subvolume, error) {
	if err := checkPath(mnt); err != nil {
		return nil, err
	}
	args := []string{"subvolume", "list", "-p", "-u", "-q", "-R"}
	if below {
		args = append(args, "-o")
	}
	res, err := run(ctx, r, "btrfs", append(args, mnt)...)
	if err != nil {
		return nil, err
	}
	return ParseSubvolumeList(string(res.Stdout))
}

// ReadOnlySubvolumes runs `btrfs subvolume list -r` on a mount point: the
// read-only ones (snapshots BAMS takes), which the full list cannot tell.
func ReadOnlySubvolumes(ctx context.Context, r *execx.Runner, mnt string) ([]Subvolume, error) {
	if err := checkPath(mnt); err != nil {
		return nil, err
	}
	res, err := run(ctx, r, "btrfs", "subvolume", "list", "-r", "-u", mnt)
	if err != nil {
		return nil, err
	}
	return ParseSubvolumeList(string(res.Stdout))
}

// ShowSubvolume runs `btrfs subvolume show path`.
func ShowSubvolume(ctx context.Context, r *execx.Runner, path string) (Subvolume, error) {
	if err := checkPath(path); err != nil {
		return Subvolume{}, err
	}
	res, err := run(ctx, r, "btrfs", "subvolume", "show", path)
	if err != nil {
		return Subvolume{}, err
	}
	return ParseSubvolumeShow(string(res.Stdout))
}

// Qgroups runs `btrfs qgroup show -pcre --raw` on a mount point.
// QuotasOff when quotas are not enabled (usage is then unknown, not 0).
func Qgroups(ctx context.Context, r *execx.Runner, mnt string) (QgroupShow, error) {
	if err := checkPath(mnt); err != nil {
		return QgroupShow{}, err
	}
	res, err := run(ctx, r, "btrfs", "qgroup", "show", "-pcre", "--raw", mnt)
	if err != nil {
		return QgroupShow{}, err
	}
	q, perr := ParseQgroupShow(string(res.Stdout))
	// the inconsistency warning goes to stderr
	if strings.Contains(string(res.Stderr), "qgroup data inconsistent") {
		q.Inconsistent = true
	}
	return q, perr
}

// EnableQuotas runs `btrfs quota enable` then waits for the first rescan,
// so Qgroups is consistent afterwards.
func EnableQuotas(ctx context.Context, r *execx.Runner, mnt string) error {
	if err := checkPath(mnt); err != nil {
		return err
	}
	if _, err := run(ctx, r, "btrfs", "quota", "enable", mnt); err != nil {
		return err
	}
	_, err := run(ctx, r, "btrfs", "quota", "rescan", "-w", mnt)
	return err
}

// RunScrub runs `btrfs scrub start -B` in the foreground (a task: its own
// process group, cancel kills it; onStart receives the group id) and
// returns the summary it prints. Follow it meanwhile with ScrubStatus.
func RunScrub(ctx context.Context, r *execx.Runner, mnt string, onStart func(pgid int)) (Scrub, error) {
	if err := checkPath(mnt); err != nil {
		return Scrub{}, err
	}
	args := []string{"scrub", "start", "-B", mnt}
	res, err := r.Run(ctx, execx.Cmd{Name: "btrfs", Args: args, Timeout: -1, OnStart: onStart})
	if err := classify(ctx, "btrfs", args, res, err); err != nil {
		return ParseScrubStatus(string(res.Stdout)), err
	}
	return ParseScrubStatus(string(res.Stdout)), nil
}

// ScrubStatus runs `btrfs scrub status`.
func ScrubStatus(ctx context.Context, r *execx.Runner, mnt string) (Scrub, error) {
	if err := checkPath(mnt); err != nil {
		return Scrub{}, err
	}
	res, err := run(ctx, r, "btrfs", "scrub", "status", mnt)
	if err != nil {
		return Scrub{}, err
	}
	return ParseScrubStatus(string(res.Stdout)), nil
}

// CancelScrub runs `btrfs scrub cancel` (NotRunning when none runs).
func CancelScrub(ctx context.Context, r *execx.Runner, mnt string) error {
	if err := checkPath(mnt); err != nil {
		return err
	}
	_, err := run(ctx, r, "btrfs", "scrub", "cancel", mnt)
	return err
}
