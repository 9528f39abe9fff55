package pullbackup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// maxUserPath bounds a path a user names inside a snapshot (PATH_MAX).
const maxUserPath = 4096

// cleanSnapshotPath turns a path inside a snapshot, written as on the host
// ("/srv/www", or "srv/www"), into a clean relative path ("srv/www"; ""
// for the top). A leading "/" is the snapshot's top, never the
// appliance's root; ".." is refused outright rather than resolved, so no
// spelling of a path can climb out.
func cleanSnapshotPath(field, p string) (string, error) {
	if len(p) > maxUserPath || strings.ContainsRune(p, 0) {
		return "", invalid(field, "a path must be at most %d bytes without NUL", maxUserPath)
	}
	var parts []string
	for _, c := range strings.Split(p, "/") {
		switch c {
		case "", ".":
		case "..":
			return "", invalid(field, "path %q holds \"..\": name paths inside the snapshot as they were on the host", p)
		default:
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, "/"), nil
}

// resolve finds a user's path inside a snapshot, component by component
// with Lstat. A symlink is never followed: as the last component it is
// the answer (listed, archived or restored as a link), in the middle of
// the path it is refused, wherever it points; the snapshot holds the
// host's links as they were, and their targets mean something on the
// host, not here. The metadata file at the top is not user data. root
// confines every lookup to the snapshot even if the tree changed under
// us. It returns the clean relative path and what it names.
func resolve(root *os.Root, field, userPath string) (string, fs.FileInfo, error) {
	rel, err := cleanSnapshotPath(field, userPath)
	if err != nil {
		return "", nil, err
	}
	if rel == "" {
		fi, err := root.Lstat(".")
		return "", fi, err
	}
	if rel == snapstore.MetadataFile {
		return "", nil, notInSnapshot(userPath)
	}
	parts := strings.Split(rel, "/")
	var fi fs.FileInfo
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		fi, err = root.Lstat(prefix)
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, notInSnapshot(userPath)
		}
		if err != nil {
			return "", nil, err
		}
		if i == len(parts)-1 {
			break
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", nil, invalid(field, "/%s is a symbolic link in the snapshot; links are not followed: name the path it points to", prefix)
		}
		if !fi.IsDir() {
			return "", nil, notInSnapshot(userPath)
		}
	}
	return rel, fi, nil
}

func notInSnapshot(p string) error {
	return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("%s is not in the snapshot", p)}
}

// displayPath is a relative snapshot path as the host knew it.
func displayPath(rel string) string { return "/" + rel }

// openSnapshot checks that snap is a snapshot of host with data (complete,
// or unknown: found on disk by discover) and opens its folder as a root.
func (s *Service) openSnapshot(host, snap string) (*os.Root, error) {
	if _, err := s.Host(host); err != nil {
		return nil, err
	}
	if !snapstore.ValidName(snap) {
		return nil, invalid("snapshot", "snapshot name %q must look like 2026-11-22T01-30-00Z", snap)
	}
	rec, err := s.store.GetSnapshot(host, snap)
	if err != nil || rec.State == api.SnapshotFailed {
		return nil, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("%s has no snapshot %s with data", host, snap)}
	}
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return nil, err
	}
	root, err := onDisk.Open(snap)
	if err != nil {
		return nil, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("the folder of snapshot %s of %s is missing", snap, host)}
	}
	return root, nil
}

// parentOf is the relative parent of rel ("" at the top).
func parentOf(rel string) string {
	if d := path.Dir(rel); d != "." {
		return d
	}
	return ""
}
