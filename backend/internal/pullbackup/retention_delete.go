package pullbackup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
	hostDir, err := s.hostDir(host)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(hostDir)
	if errors.Is(err, os.ErrNotExist) {
		// No folder at all: the record points at nothing.
		return s.claimRecord(host, planned)
	}
	if err != nil {
		return err
	}
	defer root.Close()
	present, err := checkSnapshotDir(root, planned.Name)
	if err != nil {
		return err
	}
	if err := s.claimRecord(host, planned); err != nil {
		return err
	}
	if !present {
		return nil
	}
	if err := root.Remove(filepath.Join(planned.Name, metadataFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the metadata file of %s: %w", planned.Name, err)
	}
	// os.Root never leaves the host's folder, and RemoveAll unlinks
	// symlinks inside the snapshot rather than following them.
	if err := root.RemoveAll(planned.Name); err != nil {
		return fmt.Errorf("removing %s: %w", planned.Name, err)
	}
	return fsyncDir(hostDir)
}

// checkSnapshotDir says whether name is a snapshot folder directly under
// root, and refuses anything else that goes by that name: a symlink, a
// file, a staging folder, a name that is no snapshot name or has a path
// in it. false with no error: nothing by that name (the record alone goes).
func checkSnapshotDir(root *os.Root, name string) (bool, error) {
	switch {
	case strings.HasPrefix(name, stagingPrefix):
		return false, fmt.Errorf("%s is a staging folder: retention never touches one", name)
	case !snapshotNamePattern.MatchString(name) || filepath.Base(name) != name:
		return false, fmt.Errorf("%q is not a snapshot folder name: refusing to delete it", name)
	}
	st, err := root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if st.Mode()&fs.ModeSymlink != 0 || !st.IsDir() {
		return false, fmt.Errorf("%s is not a real folder (%v): refusing to delete it", name, st.Mode().Type())
	}
	return true, nil
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
