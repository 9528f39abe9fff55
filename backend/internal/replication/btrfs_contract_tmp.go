package replication

// Temporary: the btrfs engine's contract (brief D, files btrfs*.go) until
// its code is merged; the lead deletes this file at the merge.

import (
	"context"
	"errors"
	"strings"

	"bams/backend/api"
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
func ReplicateBtrfs(ctx context.Context, r *execx.Runner, job BtrfsJob, name string, progress Progress) (Result, error) {
	return Result{}, errors.New("btrfs replication: not merged yet")
}

// BtrfsNoCommonError: the target holds snapshots of this task but none this side has: nothing was sent or deleted.
type BtrfsNoCommonError struct{ Target []string }

func (e *BtrfsNoCommonError) Error() string {
	return "the target holds snapshots of this task but none the source has: " + strings.Join(e.Target, ", ")
}

// APIKind: the target's state is in the way.
func (e *BtrfsNoCommonError) APIKind() api.ErrorKind { return api.KindConflict }
