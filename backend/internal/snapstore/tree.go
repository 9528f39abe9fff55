package snapstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"bams/backend/api"
)

// Tree is the hard-link tree: <Dir>/<snapshot>/ holds a full tree of the
// host's files, unchanged ones hard links into the snapshot before it, and
// <Dir>/.staging-<task id>/ a run's work in progress.
type Tree struct{ dir string }

// NewTree is the tree of snapshots in dir (the host's folder).
func NewTree(dir string) *Tree { return &Tree{dir: filepath.Clean(dir)} }

// stagingPrefix marks a run's working folder: never a snapshot.
const stagingPrefix = ".staging-"

// StagingName is the staging area of run id.
func StagingName(id string) string { return stagingPrefix + id }

func (t *Tree) Dir() string { return t.dir }

func (t *Tree) Path(name string) string { return filepath.Join(t.dir, name) }

func (t *Tree) List() (snapshots, other []string, err error) {
	entries, err := os.ReadDir(t.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries { // ReadDir sorts by name: oldest first
		name := e.Name()
		switch {
		case strings.HasPrefix(name, stagingPrefix):
			other = append(other, name+": staging folder of an unfinished run")
		case e.Type()&os.ModeSymlink != 0 || !e.IsDir():
			other = append(other, name+": not a folder")
		case !ValidName(name):
			other = append(other, name+": not a snapshot name")
		default:
			snapshots = append(snapshots, name)
		}
	}
	return snapshots, other, nil
}

func (t *Tree) Exists(name string) (bool, error) {
	if err := checkName(name); err != nil {
		return false, err
	}
	st, err := os.Lstat(t.Path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if st.Mode()&fs.ModeSymlink != 0 || !st.IsDir() {
		return false, fmt.Errorf("%s is not a real folder (%v)", name, st.Mode().Type())
	}
	return true, nil
}

// checkName refuses anything that is not a snapshot name: a staging
// folder, a path, "..", a name of something else.
func checkName(name string) error {
	switch {
	case strings.HasPrefix(name, stagingPrefix):
		return fmt.Errorf("%s is a staging folder, not a snapshot", name)
	case !ValidName(name):
		return fmt.Errorf("%q is not a snapshot folder name", name)
	}
	return nil
}

func checkStaging(name string) error {
	id, ok := strings.CutPrefix(name, stagingPrefix)
	if !ok || id == "" || strings.ContainsAny(id, "/\x00") || id == "." || id == ".." {
		return fmt.Errorf("%q is not a staging folder name", name)
	}
	return nil
}

// InPlace: no, each run builds a fresh tree.
func (t *Tree) InPlace() bool { return false }

func (t *Tree) Protected() []string { return nil }

// CanRemove: a present snapshot folder always can be.
func (t *Tree) CanRemove(name string) error {
	_, err := t.Exists(name)
	return err
}

// Stage makes a fresh, empty staging folder (keep is for layouts that
// reuse one).
func (t *Tree) Stage(id string, _ []string) (string, error) {
	name := StagingName(id)
	if err := checkStaging(name); err != nil {
		return "", err
	}
	if err := os.MkdirAll(t.dir, 0o700); err != nil {
		return "", err
	}
	if err := os.Mkdir(t.Path(name), 0o700); err != nil {
		return "", fmt.Errorf("creating the staging folder: %w", err)
	}
	return name, nil
}

// Stagings are newest first by their task id, which only grows.
func (t *Tree) Stagings() ([]string, error) {
	entries, err := os.ReadDir(t.dir)
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
	n, _ := strconv.Atoi(strings.TrimPrefix(name, stagingPrefix))
	return n
}

func (t *Tree) DropStaging(name string) error {
	if err := checkStaging(name); err != nil {
		return err
	}
	return os.RemoveAll(t.Path(name))
}

// Commit writes the metadata file into the staging folder, flushes
// everything to disk (one syncfs covers the data and the metadata file:
// one call instead of an fsync per file of a snapshot with millions),
// renames it to its final name and makes the rename durable. So a folder
// under a snapshot's name always has its metadata file.
func (t *Tree) Commit(staging string, snap api.Snapshot) error {
	if err := checkStaging(staging); err != nil {
		return err
	}
	if err := checkName(snap.Name); err != nil {
		return err
	}
	if err := createMetadata(filepath.Join(t.Path(staging), MetadataFile), snap, false); err != nil {
		return fmt.Errorf("writing the metadata file: %w", err)
	}
	if err := syncfs(t.Path(staging)); err != nil {
		return fmt.Errorf("flushing the snapshot to disk: %w", err)
	}
	// Never over an existing folder: rename(2) would replace an empty one.
	if _, err := os.Lstat(t.Path(snap.Name)); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s already exists on disk", snap.Name)
	}
	if err := os.Rename(t.Path(staging), t.Path(snap.Name)); err != nil {
		return err
	}
	return fsyncDir(t.dir)
}

func (t *Tree) Open(name string) (*os.Root, error) {
	ok, err := t.Exists(name)
	if err != nil || !ok {
		return nil, fmt.Errorf("the folder of snapshot %s is missing", name)
	}
	return os.OpenRoot(t.Path(name))
}

// Metadata never reads through a symlink (a host backing up "/" could
// have put one there) and reads at most 1 MiB.
func (t *Tree) Metadata(name string) *api.Snapshot {
	if checkName(name) != nil {
		return nil
	}
	f, err := os.OpenFile(filepath.Join(t.Path(name), MetadataFile), os.O_RDONLY|unix.O_NOFOLLOW, 0)
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

func (t *Tree) SetMetadata(snap api.Snapshot) error {
	if err := checkName(snap.Name); err != nil {
		return err
	}
	return createMetadata(filepath.Join(t.Path(snap.Name), MetadataFile), snap, true)
}

// createMetadata creates a metadata file, never over anything already
// there (os.ErrExist): not a file, nor a symlink, which a host backing up
// "/" could have put at the snapshot's top to make bamsd write elsewhere
// (pulls exclude that name; this is the second guard). flush: fsync it
// (Commit flushes the whole file system instead).
func createMetadata(path string, snap api.Snapshot, flush bool) error {
	b, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|unix.O_NOFOLLOW|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if flush {
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// Remove checks that name is a real snapshot folder directly in the tree
// before anything happens; os.Root never leaves the host's folder, and
// RemoveAll unlinks symlinks inside the snapshot rather than following them.
func (t *Tree) Remove(name string) error {
	present, err := t.Exists(name)
	if err != nil || !present {
		return err
	}
	root, err := os.OpenRoot(t.dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.Remove(filepath.Join(name, MetadataFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the metadata file of %s: %w", name, err)
	}
	if err := root.RemoveAll(name); err != nil {
		return fmt.Errorf("removing %s: %w", name, err)
	}
	return fsyncDir(t.dir)
}

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
