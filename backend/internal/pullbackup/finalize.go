package pullbackup

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// newestComplete is the newest snapshot that may serve as a base: complete,
// and still on disk. unknown and failed ones never are.
func (s *Service) newestComplete(host string) (*api.Snapshot, error) {
	snaps, err := s.snapshotRecords(host)
	if err != nil {
		return nil, err
	}
	dir, err := s.hostDir(host)
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
		if st, err := os.Lstat(filepath.Join(dir, snap.Name)); err == nil && st.IsDir() {
			return &snap, nil
		}
	}
	return nil, nil
}

// stagingFolders lists the host's staging folders, newest first (by their
// task id, which only grows).
func (s *Service) stagingFolders(host string) ([]string, error) {
	dir, err := s.hostDir(host)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) && e.IsDir() && e.Type()&os.ModeSymlink == 0 {
			out = append(out, e.Name())
		}
	}
	sort.Slice(out, func(i, j int) bool { return stagingID(out[i]) > stagingID(out[j]) })
	return out, nil
}

func stagingID(name string) int {
	var n int
	fmt.Sscanf(strings.TrimPrefix(name, stagingPrefix), "%d", &n)
	return n
}

// freeName is the snapshot name for a run started at t: its second, or the
// next one free of both records and folders, so a run never takes over
// another's name (two runs can start within one second).
func (s *Service) freeName(host string, t time.Time) (string, error) {
	dir, err := s.hostDir(host)
	if err != nil {
		return "", err
	}
	for {
		name := snapshotName(t)
		_, err := s.store.GetSnapshot(host, name)
		if err == nil {
			t = t.Add(time.Second)
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, os.ErrNotExist) {
			return name, nil
		}
		t = t.Add(time.Second)
	}
}

// finalize turns a finished staging folder into the snapshot: write the
// metadata file into it, flush everything to disk (one syncfs covers the
// data and the metadata file), rename it to its final name and make the
// rename durable. So a folder under a snapshot's name always has its
// metadata file, and only after this does the caller commit the record: a
// committed record always points at a complete snapshot.
func (s *Service) finalize(host, staging string, snap *api.Snapshot) error {
	dir, err := s.hostDir(host)
	if err != nil {
		return err
	}
	if err := createMetadata(filepath.Join(dir, staging, metadataFile), *snap); err != nil {
		return fmt.Errorf("writing the metadata file: %w", err)
	}
	if err := syncfs(filepath.Join(dir, staging)); err != nil {
		return fmt.Errorf("flushing the snapshot to disk: %w", err)
	}
	// Never over an existing folder: rename(2) would replace an empty one.
	if _, err := os.Lstat(filepath.Join(dir, snap.Name)); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s already exists on disk", snap.Name)
	}
	if err := os.Rename(filepath.Join(dir, staging), filepath.Join(dir, snap.Name)); err != nil {
		return err
	}
	return fsyncDir(dir)
}

// writeMetadata creates a snapshot's metadata file, never over anything
// already there (os.ErrExist): not a file, nor a symlink, which a host
// backing up "/" could have put at the snapshot's top to make bamsd write
// elsewhere (pulls exclude that name; this is the second guard).
func writeMetadata(path string, snap api.Snapshot) error {
	f, err := openMetadata(path, snap)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// createMetadata is writeMetadata without its own flush, for a caller
// that flushes the whole file system next (finalize).
func createMetadata(path string, snap api.Snapshot) error {
	f, err := openMetadata(path, snap)
	if err != nil {
		return err
	}
	return f.Close()
}

func openMetadata(path string, snap api.Snapshot) (*os.File, error) {
	b, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|unix.O_NOFOLLOW|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// syncfs flushes the whole file system holding path: one call instead of
// an fsync per file of a snapshot with millions of them.
func syncfs(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

func fsyncDir(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
