package zfs

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"bams/backend/internal/execx"
)

// PoolOptions are the rest of `zpool create`.
type PoolOptions struct {
	Mountpoint string // -m: the root dataset's mountpoint; "" for /<pool>
	Root       Props  // -O: properties of the root dataset (compression, atime ...)
}

// CreatePoolArgs is the argv of `zpool create` for a validated layout.
// Every device comes after the pool name and the vdev keywords, never
// where zpool reads options.
func CreatePoolArgs(name string, l Layout, o PoolOptions) ([]string, error) {
	if err := CheckPoolName(name); err != nil {
		return nil, err
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if err := o.Root.check("filesystem", true); err != nil {
		return nil, err
	}
	args := []string{"create"}
	if l.Ashift != 0 {
		args = append(args, "-o", "ashift="+strconv.Itoa(l.Ashift))
	}
	args = append(args, o.Root.args("-O", "mountpoint")...)
	if o.Mountpoint != "" {
		if why := checkMountpoint(o.Mountpoint); why != "" {
			return nil, &PropError{"mountpoint", o.Mountpoint, why}
		}
		args = append(args, "-m", o.Mountpoint)
	}
	return append(append(args, name), l.vdevArgs()...), nil
}

// CreatePool runs `zpool create`. The caller checked first that nothing
// holds the devices (package disks): zpool's own "in use" checks miss a
// device mounted by path, and BAMS never passes -f.
func CreatePool(ctx context.Context, r *execx.Runner, name string, l Layout, o PoolOptions) error {
	args, err := CreatePoolArgs(name, l, o)
	if err != nil {
		return err
	}
	_, err = run(ctx, r, "zpool", args...)
	return err
}

func poolCommand(ctx context.Context, r *execx.Runner, name string, args ...string) error {
	if err := CheckPoolName(name); err != nil {
		return err
	}
	_, err := run(ctx, r, "zpool", append(args, name)...)
	return err
}

// DestroyPool runs `zpool destroy`: every dataset and snapshot on it is
// gone. The caller has asked for the pool's name to be typed and checked
// that no repository, LUN or replication uses it.
func DestroyPool(ctx context.Context, r *execx.Runner, name string) error {
	return poolCommand(ctx, r, name, "destroy")
}

// ExportPool runs `zpool export` (unmounts and forgets the pool; the disks
// keep it, to be imported here or elsewhere).
func ExportPool(ctx context.Context, r *execx.Runner, name string) error {
	return poolCommand(ctx, r, name, "export")
}

// StartScrub runs `zpool scrub`; it returns at once and the scrub runs in
// the kernel: follow it with Status.
func StartScrub(ctx context.Context, r *execx.Runner, name string) error {
	return poolCommand(ctx, r, name, "scrub")
}

// StopScrub runs `zpool scrub -s`.
func StopScrub(ctx context.Context, r *execx.Runner, name string) error {
	return poolCommand(ctx, r, name, "scrub", "-s")
}

// ScanProgress is the scan line of one pool's status, for a scrub task.
func ScanProgress(ctx context.Context, r *execx.Runner, name string) (Scan, error) {
	st, err := Status(ctx, r, name)
	if err != nil {
		return Scan{}, err
	}
	if len(st) != 1 {
		return Scan{}, errors.New("zpool status " + name + ": " + strconv.Itoa(len(st)) + " pools")
	}
	return st[0].Scan, nil
}

// ImportOptions are where to look and what to call the pool.
type ImportOptions struct {
	Dirs    []string // -d: folders to search (default /dev, or the cache file)
	NewName string   // import under another name
}

func (o ImportOptions) args() ([]string, error) {
	var args []string
	for _, d := range o.Dirs {
		if !strings.HasPrefix(d, "/") || checkMountpoint(d) != "" {
			return nil, &NameError{"folder", d, "must be an absolute path"}
		}
		args = append(args, "-d", d)
	}
	return args, nil
}

// Importable lists the pools `zpool import` can find, in the status
// layout (pool, id, state, action, config). "no pools available to
// import" is an empty list.
func Importable(ctx context.Context, r *execx.Runner, o ImportOptions) ([]PoolStatus, error) {
	args, err := o.args()
	if err != nil {
		return nil, err
	}
	res, err := run(ctx, r, "zpool", append([]string{"import"}, args...)...)
	if err != nil && strings.Contains(string(res.Stderr), "no pools available to import") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseStatus(string(res.Stdout)), nil
}

// ImportPool imports one pool by name or numeric id (as Importable lists).
func ImportPool(ctx context.Context, r *execx.Runner, nameOrID string, o ImportOptions) error {
	args, err := o.args()
	if err != nil {
		return err
	}
	if _, idErr := strconv.ParseUint(nameOrID, 10, 64); idErr != nil {
		if err := CheckPoolName(nameOrID); err != nil {
			return err
		}
	}
	args = append(append([]string{"import"}, args...), nameOrID)
	if o.NewName != "" {
		if err := CheckPoolName(o.NewName); err != nil {
			return err
		}
		args = append(args, o.NewName)
	}
	_, err = run(ctx, r, "zpool", args...)
	return err
}
