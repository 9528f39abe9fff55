package pullbackup

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Snapshot folders are named by their start time in UTC, so names sort in
// time order and never depend on the appliance's time zone.
const snapshotLayout = "2006-01-02T15-04-05Z"

var snapshotNamePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$`)

// metadataFile sits at the top of every snapshot this service completes,
// so a snapshot folder says what it is even without the database.
const metadataFile = ".bams-snapshot.json"

// stagingPrefix marks a run's working folder: never a snapshot.
const stagingPrefix = ".staging-"

func snapshotName(t time.Time) string { return t.UTC().Format(snapshotLayout) }

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
			t, err := time.Parse(snapshotLayout, snap.Name)
			if err != nil {
				continue
			}
			t = t.In(s.loc)
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
	hostDir, err := s.hostDir(host)
	if err != nil {
		return res, err
	}
	entries, err := os.ReadDir(hostDir)
	if errors.Is(err, os.ErrNotExist) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, stagingPrefix):
			res.Skipped = append(res.Skipped, name+": staging folder of an unfinished run")
			continue
		case e.Type()&os.ModeSymlink != 0 || !e.IsDir():
			res.Skipped = append(res.Skipped, name+": not a folder")
			continue
		case !snapshotNamePattern.MatchString(name):
			res.Skipped = append(res.Skipped, name+": not a snapshot name")
			continue
		}
		if _, err := s.store.GetSnapshot(host, name); err == nil {
			res.Known++
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return res, err
		}
		snap := readMetadata(filepath.Join(hostDir, name, metadataFile))
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
	t, err := time.Parse(snapshotLayout, name)
	return err == nil && t.After(time.Now().Add(clockSkew))
}

// readMetadata reads a metadata file, never through a symlink (a host
// backing up "/" could have one there).
func readMetadata(path string) *api.Snapshot {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil
	}
	var snap api.Snapshot
	if json.Unmarshal(b, &snap) != nil {
		return nil
	}
	return &snap
}
