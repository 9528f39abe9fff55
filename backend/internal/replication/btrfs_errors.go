package replication

import (
	"errors"
	"fmt"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// BtrfsNoCommonError: the target holds snapshots of this task but none this side has: nothing was sent or deleted.
type BtrfsNoCommonError struct{ Target []string }

func (e *BtrfsNoCommonError) Error() string {
	return fmt.Sprintf("the target holds snapshots of this task (%s) but none the source still has, so nothing can be sent incrementally; "+
		"BAMS never deletes them on its own: delete them on the target (or give the task a new target folder) for a full send",
		strings.Join(e.Target, ", "))
}

// APIKind: the state of the two sides does not allow a run.
func (e *BtrfsNoCommonError) APIKind() api.ErrorKind { return api.KindConflict }

// BtrfsStreamError is a failed btrfs send or receive of one snapshot,
// said as what an admin can do about it. Err is the *btrfs.Error (wrapped
// with the host for the receive), or ssh's typed error when the
// connection failed.
type BtrfsStreamError struct {
	Side      string // "send" (here) or "receive" (on Host)
	Host      string
	TargetDir string
	Snapshot  string
	Parent    string // "" for a full send
	Err       error
}

func (e *BtrfsStreamError) Error() string {
	var be *btrfs.Error
	if !errors.As(e.Err, &be) {
		return fmt.Sprintf("sending %s to %s: %v", e.Snapshot, e.Host, e.Err)
	}
	switch be.Kind {
	case btrfs.NoParent:
		return fmt.Sprintf("%s has no subvolume received from %s any more (deleted, or made writable): the next run looks for another common snapshot", e.Host, e.Parent)
	case btrfs.Exists:
		return fmt.Sprintf("%s already holds %s in %s that is not this snapshot: delete or rename it there", e.Host, e.Snapshot, e.TargetDir)
	case btrfs.NoSpace:
		return fmt.Sprintf("the filesystem of %s on %s is full: free space there or keep fewer snapshots on the target; the partial %s is deleted at the next run", e.TargetDir, e.Host, e.Snapshot)
	case btrfs.NotReadOnly:
		return fmt.Sprintf("%s is not read-only, and btrfs sends only read-only snapshots", e.Snapshot)
	case btrfs.NotFound:
		return fmt.Sprintf("%s has no folder %s: make it there (on btrfs)", e.Host, e.TargetDir)
	case btrfs.ShortStream:
		return fmt.Sprintf("the stream of %s to %s stopped midway: the partial copy is deleted at the next run", e.Snapshot, e.Host)
	}
	return fmt.Sprintf("btrfs %s of %s (%s): %v", e.Side, e.Snapshot, e.Host, e.Err)
}

func (e *BtrfsStreamError) Unwrap() error { return e.Err }

// APIKind: what the two sides hold is a conflict an admin resolves; a
// tool or connection failure says its own kind.
func (e *BtrfsStreamError) APIKind() api.ErrorKind {
	if btrfs.IsKind(e.Err, btrfs.NoParent) || btrfs.IsKind(e.Err, btrfs.Exists) || btrfs.IsKind(e.Err, btrfs.NotReadOnly) || btrfs.IsKind(e.Err, btrfs.NoSpace) {
		return api.KindConflict
	}
	var k interface{ APIKind() api.ErrorKind }
	if errors.As(e.Err, &k) {
		return k.APIKind()
	}
	return api.KindToolFailed
}
