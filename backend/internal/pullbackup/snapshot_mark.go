package pullbackup

import (
	"errors"
	"fmt"
	"os"
	"time"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// Mark declares a snapshot that discover found on disk without a metadata
// file (state unknown) complete, as kind: from then on it can be the base
// of the next run and retention's policy applies to it, as ARCHITECTURE.md
// says an admin must decide. Its folder must be there; its data is not
// touched, except that a metadata file is written when it has none (an
// existing one, unreadable or another host's, stays as it is). Marking
// takes the host's lock, like discover and deletes.
func (s *Service) Mark(host, name, kind, by string) (api.Snapshot, error) {
	if err := s.snapshotArgs(host, name); err != nil {
		return api.Snapshot{}, err
	}
	if kind != api.KindScheduled && kind != api.KindManual {
		return api.Snapshot{}, invalid("kind", "kind must be scheduled or manual: the kind the snapshot counts as for retention")
	}
	if future(name) {
		return api.Snapshot{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"snapshot %s is dated in the future (this appliance's clock says %s): marked complete it would be the base of every run "+
				"and make every other snapshot look old to retention; check the clocks, or rename the folder to when it was taken",
			name, time.Now().UTC().Format(time.RFC3339))}
	}
	lock, err := s.locks.acquire(host, "marking a snapshot")
	if err != nil {
		return api.Snapshot{}, err
	}
	defer lock.release()
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return api.Snapshot{}, err
	}
	if ok, err := onDisk.Exists(name); err != nil || !ok {
		return api.Snapshot{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"the folder of snapshot %s is not on disk (%s): nothing to mark", name, onDisk.Path(name))}
	}
	started := snapstore.Time(name) // the name matched the pattern
	now := time.Now().UTC()
	snap, err := s.store.UpdateSnapshot(host, name, func(snap *api.Snapshot) error {
		if snap.State != api.SnapshotUnknown {
			return &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
				"snapshot %s is %s, not unknown: only snapshots found on disk without a record of their run can be marked", name, snap.State)}
		}
		snap.State, snap.Kind, snap.Started = api.SnapshotComplete, kind, &started
		snap.Marked = &api.Marking{By: by, At: now}
		return nil
	})
	if err != nil {
		return api.Snapshot{}, noSnapshot(err, host, name)
	}
	if err := onDisk.SetMetadata(snap); err != nil && !errors.Is(err, os.ErrExist) {
		return snap, fmt.Errorf("snapshot %s is marked complete, but its metadata file could not be written: %w", name, err)
	}
	return snap, nil
}
