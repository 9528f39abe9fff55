package pullbackup

import (
	"errors"
	"time"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/store"
)

// SnapshotFilter selects snapshots; zero fields match all. Year, month and
// day are in the appliance's time zone.
type SnapshotFilter struct {
	Kind, State      string
	Year, Month, Day int
}

// Snapshots lists a host's snapshot records, newest first.
func (s *Service) Snapshots(host string, f SnapshotFilter) ([]api.Snapshot, error) {
	if _, err := s.Host(host); err != nil {
		return nil, err
	}
	all, err := s.snapshotRecords(host)
	if err != nil {
		return nil, err
	}
	out := []api.Snapshot{}
	for i := len(all) - 1; i >= 0; i-- {
		snap := all[i]
		if (f.Kind != "" && snap.Kind != f.Kind) || (f.State != "" && snap.State != f.State) {
			continue
		}
		if f.Year != 0 || f.Month != 0 || f.Day != 0 {
			if !snapstore.ValidName(snap.Name) {
				continue
			}
			t := snapstore.Time(snap.Name).In(s.loc)
			if (f.Year != 0 && t.Year() != f.Year) || (f.Month != 0 && int(t.Month()) != f.Month) || (f.Day != 0 && t.Day() != f.Day) {
				continue
			}
		}
		out = append(out, snap)
	}
	return out, nil
}

// Discover records snapshot folders already on disk: with their metadata
// file's record when they have one, from the folder name alone as
// "unknown" otherwise. It never touches data, skips staging folders and
// anything else, and leaves known records alone, so running it twice
// changes nothing the second time.
func (s *Service) Discover(host string) (api.DiscoverResult, error) {
	res := api.DiscoverResult{Added: []string{}}
	if _, err := s.Host(host); err != nil {
		return res, err
	}
	lock, err := s.locks.acquire(host, "discovering snapshot folders")
	if err != nil {
		return res, err
	}
	defer lock.release()
	snaps, err := s.snapshotsOf(host)
	if err != nil {
		return res, err
	}
	names, other, err := snaps.List()
	if err != nil {
		return res, err
	}
	res.Skipped = other
	for _, name := range names {
		if _, err := s.store.GetSnapshot(host, name); err == nil {
			res.Known++
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return res, err
		}
		snap := snaps.Metadata(name)
		if snap == nil || snap.Host != host || snap.Name != name {
			snap = &api.Snapshot{Host: host, Name: name, State: api.SnapshotUnknown}
		}
		if future(name) {
			// Whatever its metadata says: as complete it would be the base
			// of every run and make every real snapshot look old.
			snap = &api.Snapshot{Host: host, Name: name, State: api.SnapshotUnknown, Warning: "dated in the future"}
		}
		if err := s.store.PutSnapshot(*snap); err != nil {
			return res, err
		}
		res.Added = append(res.Added, name)
	}
	return res, nil
}

// clockSkew is how far ahead of this appliance's clock a snapshot's name
// may be and still count as taken (a host folder copied from an appliance
// whose clock ran a little ahead).
const clockSkew = 10 * time.Minute

// future: the snapshot name is a time later than now plus clockSkew.
func future(name string) bool {
	return snapstore.ValidName(name) && snapstore.Time(name).After(time.Now().Add(clockSkew))
}
