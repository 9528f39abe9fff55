package pullbackup

import (
	"errors"
	"fmt"

	"bams/backend/api"
)

// errChanged: a record changed between the plan and its deletion (it was
// protected meanwhile, or is not what the plan saw). It is skipped.
var errChanged = errors.New("the record changed since the plan")

// deleteSnapshot removes one snapshot the plan deletes. A failed run's
// record holds no data: only the record goes, and the disk is not
// touched. A complete snapshot's folder is checked to be a real snapshot
// folder directly under the host's folder before anything happens.
//
// The order keeps every crash safe: the record goes first (in one
// transaction that re-checks it is unprotected and unchanged), then the
// metadata file, then the data. A folder left half-deleted has no record
// and no metadata file, so discover can only ever list it as unknown,
// which is never a base and never mistaken for a restore point.
func (s *Service) deleteSnapshot(host string, planned api.Snapshot) error {
	switch planned.State {
	case api.SnapshotFailed:
		return s.claimRecord(host, planned)
	case api.SnapshotComplete:
	default:
		return fmt.Errorf("snapshot %s is %s: retention deletes only complete snapshots and failed records", planned.Name, planned.State)
	}
	// Checked before the record goes: anything else by that name (a
	// symlink, a file, a ZFS snapshot of another owner) or a snapshot that
	// cannot go (held) stops the deletion with the record kept.
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return fmt.Errorf("refusing to delete %s: %w", planned.Name, err)
	}
	present, err := onDisk.Exists(planned.Name)
	if err == nil && present {
		err = onDisk.CanRemove(planned.Name) // a ZFS hold or clone
	}
	if err != nil {
		return fmt.Errorf("refusing to delete %s: %w", planned.Name, err)
	}
	if err := s.claimRecord(host, planned); err != nil {
		return err
	}
	if !present {
		return nil
	}
	return onDisk.Remove(planned.Name)
}

// claimRecord deletes the record the plan saw, in one transaction, unless
// it was protected or changed state since.
func (s *Service) claimRecord(host string, planned api.Snapshot) error {
	return s.store.DeleteSnapshotIf(host, planned.Name, func(now api.Snapshot) error {
		if now.Protected != nil || now.State != planned.State {
			return errChanged
		}
		return nil
	})
}
