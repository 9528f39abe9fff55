package pullbackup

import (
	"errors"
	"time"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
)

// snapshotsOf is where host's snapshots are (in its repository), and how
// they sit there: ZFS snapshots of the host's own dataset in a ZFS-dataset
// repository, read-only snapshots of a working subvolume in a btrfs
// subvolume repository (or a folder repository when backups.layout says
// btrfs), a hard-link tree elsewhere.
func (s *Service) snapshotsOf(host string) (snapstore.Store, error) {
	dir, kind, err := s.hostPlace(host)
	if err != nil {
		return nil, err
	}
	if kind == api.RepoZFSDataset {
		h, err := s.store.GetHost(host)
		if err != nil {
			return nil, err
		}
		backing, err := s.repos.Backing(h.Repository)
		if err != nil {
			return nil, err
		}
		return snapstore.NewDatasets(dir, backing.Name, s.runner), nil
	}
	if kind == api.RepoBtrfsSubvol || (kind == api.RepoFolder && s.layout == LayoutBtrfs) {
		return snapstore.NewSubvolumes(dir, s.runner), nil
	}
	return snapstore.NewTree(dir), nil
}

// newestComplete is the newest snapshot that may serve as a base: complete,
// and still on disk. unknown and failed ones never are.
func (s *Service) newestComplete(host string) (*api.Snapshot, error) {
	snaps, err := s.snapshotRecords(host)
	if err != nil {
		return nil, err
	}
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return nil, err
	}
	latest := time.Now().Add(clockSkew)
	for i := len(snaps) - 1; i >= 0; i-- {
		snap := snaps[i]
		// One dated in the future would stay the base of every run until
		// its time came (a clock that was ahead): never linked from.
		if snap.State != api.SnapshotComplete || snapshotTime(snap).After(latest) {
			continue
		}
		if ok, err := onDisk.Exists(snap.Name); err == nil && ok {
			return &snap, nil
		}
	}
	return nil, nil
}

// freeName is the snapshot name for a run started at t: its second, or the
// next one free of both records and folders (and of anything else by that
// name), so a run never takes over another's name (two runs can start
// within one second).
func (s *Service) freeName(host string, t time.Time) (string, error) {
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return "", err
	}
	for ; ; t = t.Add(time.Second) {
		name := snapstore.Name(t)
		_, err := s.store.GetSnapshot(host, name)
		if err == nil {
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
		if taken, err := onDisk.Exists(name); err == nil && !taken {
			return name, nil
		}
	}
}
