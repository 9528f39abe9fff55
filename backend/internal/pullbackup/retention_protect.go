package pullbackup

import (
	"errors"
	"time"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
)

const maxProtectWhy = 500

// Protect pins a snapshot against retention: {by, at, why} on its record.
// It needs no host lock: it can only keep more, and retention re-checks
// each record in the transaction that deletes it.
func (s *Service) Protect(host, name, by, why string) (api.Snapshot, error) {
	if err := s.snapshotArgs(host, name); err != nil {
		return api.Snapshot{}, err
	}
	if len(why) > maxProtectWhy || hasControl(why) {
		return api.Snapshot{}, invalid("why", "why must be at most %d printable characters", maxProtectWhy)
	}
	snap, err := s.store.UpdateSnapshot(host, name, func(snap *api.Snapshot) error {
		snap.Protected = &api.Protection{By: by, At: time.Now().UTC(), Why: why}
		return nil
	})
	return snap, noSnapshot(err, host, name)
}

// Unprotect removes a snapshot's pin; the next plan may delete it.
func (s *Service) Unprotect(host, name string) (api.Snapshot, error) {
	if err := s.snapshotArgs(host, name); err != nil {
		return api.Snapshot{}, err
	}
	snap, err := s.store.UpdateSnapshot(host, name, func(snap *api.Snapshot) error {
		snap.Protected = nil
		return nil
	})
	return snap, noSnapshot(err, host, name)
}

func (s *Service) snapshotArgs(host, name string) error {
	if _, err := s.Host(host); err != nil {
		return err
	}
	if !snapstore.ValidName(name) {
		return invalid("snapshot", "snapshot %q is not a snapshot name like 2026-11-22T01-30-00Z", name)
	}
	return nil
}

func noSnapshot(err error, host, name string) error {
	if errors.Is(err, store.ErrNotFound) {
		return &api.Error{Kind: api.KindNotFound, Message: "host " + host + " has no snapshot " + name}
	}
	return err
}
