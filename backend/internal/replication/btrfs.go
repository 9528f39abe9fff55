package replication

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

// BtrfsJob is one btrfs replication run.
type BtrfsJob struct {
	Source     string      // local subvolume S (absolute); its snapshots are S/.bams-snapshots/<Owner>/<name> (btrfs.TakeSnapshot)
	Owner      string      // "replication:<task name>"
	Remote     ssh.Options // the receiving machine (bamsd's key, the accepted host key)
	TargetDir  string      // absolute folder on a btrfs filesystem of the receiving machine, this task's alone
	BwLimit    int64       // bytes per second; 0: none
	KeepTarget int         // how many of the task's received snapshots to keep on the target (0: all)
}

// ReplicateBtrfs takes snapshot name of job.Source (owned by job.Owner), sends it incrementally from the
// newest snapshot both sides have (matched by received UUID), after cleaning up a partial receive an
// earlier try left, and prunes the target to KeepTarget of the task's own snapshots.
//
// A snapshot name the source already has (an earlier try took it) is sent
// as it is, and one the target already holds complete is not sent again:
// a retried run picks up where the failed one stopped. Everything deleted
// on the target is in TargetDir and checked against a fresh listing: a
// partial receive of a name this task sends, or a received snapshot the
// retention drops. Nothing else there is touched.
func ReplicateBtrfs(ctx context.Context, r *execx.Runner, job BtrfsJob, name string, progress Progress) (Result, error) {
	if err := job.check(name); err != nil {
		return Result{}, err
	}
	dir, err := job.locateTarget(ctx, r)
	if err != nil {
		return Result{}, err
	}
	local, err := job.snapshots(ctx, r, name)
	if err != nil {
		return Result{}, err
	}
	target, err := job.listTarget(ctx, r, dir)
	if err != nil {
		return Result{}, err
	}
	plan, err := planBtrfs(local, name, target)
	if err != nil {
		return Result{}, err
	}
	res := Result{Snapshot: name}
	if plan.Parent != nil {
		res.Parent = plan.Parent.Name
	}
	if err := job.deleteTarget(ctx, r, plan.Partial); err != nil {
		return res, fmt.Errorf("deleting the partial receive an earlier try left: %w", err)
	}
	if !plan.Present {
		res.Bytes, err = job.send(ctx, r, plan.Snapshot, plan.Parent, progress)
		if err != nil {
			return res, err
		}
		if target, err = job.listTarget(ctx, r, dir); err != nil {
			return res, err
		}
		if t, ok := findTarget(target, name); !ok || !t.complete() || t.ReceivedUUID != plan.Snapshot.Subvolume.UUID {
			return res, fmt.Errorf("btrfs receive on %s succeeded, but %s is not a complete copy of %s there",
				job.Remote.Host, filepath.Join(job.TargetDir, name), plan.Snapshot.Path)
		}
	}
	prune := pruneBtrfs(target, job.KeepTarget, plan.Snapshot.Subvolume.UUID)
	if err := job.deleteTarget(ctx, r, prune); err != nil {
		return res, fmt.Errorf("target retention: %w", err)
	}
	res.Pruned = prune
	return res, nil
}

// check refuses a bad job before anything runs, naming the field.
func (j BtrfsJob) check(name string) error {
	bad := func(field, msg string) error {
		return &api.Error{Kind: api.KindBadRequest, Field: field, Message: msg}
	}
	switch {
	case !filepath.IsAbs(j.Source) || filepath.Clean(j.Source) != j.Source:
		return bad("source", "must be an absolute clean path")
	case !filepath.IsAbs(j.TargetDir) || filepath.Clean(j.TargetDir) != j.TargetDir || j.TargetDir == "/":
		return bad("target_dir", "must be an absolute clean path below /")
	case j.BwLimit < 0:
		return bad("bw_limit", "must be 0 (none) or bytes per second")
	case j.KeepTarget < 0:
		return bad("keep_target", "must be 0 (all) or more")
	}
	if err := btrfs.CheckOwner(j.Owner); err != nil {
		return err
	}
	if err := btrfs.CheckSnapshotName(name); err != nil {
		return err
	}
	return j.Remote.Validate()
}

// snapshots is the job's own snapshots of Source, oldest first, with name
// among them: taken now unless an earlier try took it.
func (j BtrfsJob) snapshots(ctx context.Context, r *execx.Runner, name string) ([]btrfs.OwnedSnapshot, error) {
	all, _, err := btrfs.Snapshots(ctx, r, j.Source)
	if err != nil {
		return nil, err
	}
	var own []btrfs.OwnedSnapshot
	for _, s := range all {
		if s.Owner == j.Owner {
			own = append(own, s)
		}
	}
	if slices.ContainsFunc(own, func(s btrfs.OwnedSnapshot) bool { return s.Name == name }) {
		return own, nil
	}
	s, err := btrfs.TakeSnapshot(ctx, r, j.Source, j.Owner, name)
	if err != nil {
		return nil, err
	}
	return append(own, s), nil
}
