package replication

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

// The receiving side: every command runs there through ssh.RemoteCmd.

// onTarget runs argv on the receiving machine. A connection failure is
// ssh's typed error; a btrfs command that failed there, a *btrfs.Error.
func (j BtrfsJob) onTarget(ctx context.Context, r *execx.Runner, argv []string) (execx.Result, error) {
	cmd, err := ssh.RemoteCmd(j.Remote, argv...)
	if err != nil {
		return execx.Result{}, err
	}
	res, err := r.Run(ctx, cmd)
	return res, j.targetError(ctx, argv, res, err)
}

// targetError reads what a command run through ssh gave: ssh's own
// failures as ssh says them, the command's as btrfs's.
func (j BtrfsJob) targetError(ctx context.Context, argv []string, res execx.Result, err error) error {
	if err == nil || ctx.Err() != nil {
		return err
	}
	var ce *ssh.CommandError
	if err := ssh.RemoteError(j.Remote, res, err); !errors.As(err, &ce) {
		return err
	}
	return fmt.Errorf("on %s: %w", j.Remote.Host, btrfs.StreamError(ctx, argv, res, err))
}

// locateTarget is TargetDir's path from the top level of its filesystem
// on the receiving machine, which must be btrfs.
func (j BtrfsJob) locateTarget(ctx context.Context, r *execx.Runner) (string, error) {
	argv, err := btrfs.LocateArgv(j.TargetDir)
	if err != nil {
		return "", err
	}
	res, err := j.onTarget(ctx, r, argv)
	if btrfs.IsKind(err, btrfs.Failed) && res.ExitCode == 1 && len(res.Stdout) == 0 {
		// findmnt -T of a missing path prints nothing and exits 1
		return "", &api.Error{Kind: api.KindNotFound, Field: "target_dir",
			Message: fmt.Sprintf("%s has no folder %s: make it there (on btrfs)", j.Remote.Host, j.TargetDir)}
	}
	if err != nil {
		return "", err
	}
	return btrfs.ParseLocate(string(res.Stdout), j.TargetDir)
}

// listTarget lists the subvolumes directly in TargetDir (dir: its path
// from the filesystem's top level).
func (j BtrfsJob) listTarget(ctx context.Context, r *execx.Runner, dir string) ([]targetSubvol, error) {
	var lists [2][]btrfs.Subvolume
	for i, readOnly := range []bool{false, true} {
		argv, err := btrfs.ListBelowArgv(j.TargetDir, readOnly)
		if err != nil {
			return nil, err
		}
		res, err := j.onTarget(ctx, r, argv)
		if err != nil {
			return nil, err
		}
		if lists[i], err = btrfs.ParseSubvolumeList(string(res.Stdout)); err != nil {
			return nil, err
		}
	}
	return inTargetDir(dir, lists[0], lists[1]), nil
}

// deleteTarget deletes the named subvolumes of TargetDir in one command.
func (j BtrfsJob) deleteTarget(ctx context.Context, r *execx.Runner, names []string) error {
	if len(names) == 0 {
		return nil
	}
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(j.TargetDir, n)
	}
	argv, err := btrfs.DeleteArgv(paths...)
	if err != nil {
		return err
	}
	_, err = j.onTarget(ctx, r, argv)
	return err
}
