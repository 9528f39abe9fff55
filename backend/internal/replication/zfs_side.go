package replication

import (
	"context"
	"errors"

	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/zfs"
)

// zfsSide runs zfs on one side of a replication: here (remote nil), or
// on the target machine through ssh with bamsd's options. The same argv
// builders of package zfs serve both, so both sides run the same commands.
type zfsSide struct {
	r      *execx.Runner
	remote *ssh.Options
}

// command is argv as an execx.Cmd for this side.
func (s zfsSide) command(argv []string) (execx.Cmd, error) {
	if s.remote == nil {
		return execx.Cmd{Name: argv[0], Args: argv[1:]}, nil
	}
	return ssh.RemoteCmd(*s.remote, argv...)
}

// failure types what running argv gave: ssh's connection errors as they
// are, the command's own failure as zfs's.
func (s zfsSide) failure(ctx context.Context, argv []string, res execx.Result, err error) error {
	if err == nil {
		return nil
	}
	if s.remote != nil {
		var ce *ssh.CommandError
		if rerr := ssh.RemoteError(*s.remote, res, err); !errors.As(rerr, &ce) {
			return rerr
		}
	}
	return zfs.Classify(ctx, argv, res, err)
}

// streamFailure types a failed send or receive: ssh's connection errors
// as they are, zfs's messages as a *zfs.ReceiveError.
func (s zfsSide) streamFailure(ctx context.Context, res execx.Result, err error) error {
	if s.remote != nil && err != nil && ctx.Err() == nil {
		var ce *ssh.CommandError
		if rerr := ssh.RemoteError(*s.remote, res, err); !errors.As(rerr, &ce) {
			return rerr
		}
	}
	return zfs.ReceiveFailure(ctx, res, err)
}

// run runs argv (as package zfs built it, with its error) and types its
// failure; an argv refused by package zfs never runs.
func (s zfsSide) run(ctx context.Context, argv []string, argvErr error) (execx.Result, error) {
	if argvErr != nil {
		return execx.Result{}, argvErr
	}
	c, err := s.command(argv)
	if err != nil {
		return execx.Result{}, err
	}
	c.MaxStdout = 64 << 20 // a listing of every snapshot
	res, err := s.r.Run(ctx, c)
	return res, s.failure(ctx, argv, res, err)
}

// snapshots lists dataset's snapshots with their guids, oldest first;
// exists is false when the dataset is not there.
func (s zfsSide) snapshots(ctx context.Context, dataset string) (snaps []zfs.SnapshotGUID, exists bool, err error) {
	argv, argvErr := zfs.SnapshotGUIDArgs(dataset)
	res, err := s.run(ctx, argv, argvErr)
	if zfs.IsKind(err, zfs.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	// Owners in a second listing: only one set on a snapshot itself
	// counts, never one it inherits from its dataset.
	argv, argvErr = zfs.SnapshotOwnersArgs(dataset)
	owners, err := s.run(ctx, argv, argvErr)
	if err != nil {
		return nil, false, err
	}
	snaps, _ = zfs.ParseSnapshotGUIDs(string(res.Stdout), dataset, zfs.ParseLocalOwners(string(owners.Stdout)))
	return snaps, true, nil
}

// resumeToken is the target's saved partial receive ("" for none).
func (s zfsSide) resumeToken(ctx context.Context, dataset string) (string, error) {
	argv, argvErr := zfs.ResumeTokenArgs(dataset)
	res, err := s.run(ctx, argv, argvErr)
	if zfs.IsKind(err, zfs.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return zfs.ParseResumeToken(string(res.Stdout), dataset), nil
}

func (s zfsSide) hold(ctx context.Context, tag, snap string, recursive bool) error {
	argv, argvErr := zfs.HoldArgs(tag, snap, recursive)
	_, err := s.run(ctx, argv, argvErr)
	return err
}

func (s zfsSide) release(ctx context.Context, tag, snap string, recursive bool) error {
	argv, argvErr := zfs.ReleaseArgs(tag, snap, recursive)
	_, err := s.run(ctx, argv, argvErr)
	return err
}

func (s zfsSide) destroySnapshot(ctx context.Context, snap string, recursive bool) error {
	argv, argvErr := zfs.DestroySnapshotArgs(snap, recursive)
	_, err := s.run(ctx, argv, argvErr)
	return err
}
