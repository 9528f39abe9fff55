package snapstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/execx"
)

// Subvolumes is the layout for a host folder on btrfs: runs rewrite one
// working subvolume, <Dir>/_working, in place (rsync --inplace --delete:
// no hard-link tree to build, and an unchanged file costs nothing), and
// each snapshot is a read-only snapshot of it, <Dir>/<name>. Earlier
// snapshots share the working copy's blocks copy-on-write, so rewriting
// it never touches them; a run killed midway leaves a half-updated working
// copy that the next run continues from, and no snapshot.
//
// Folders that are no subvolume under a snapshot's name (a hard-link
// snapshot from before the host moved here) are read and removed as the
// Tree does.
type Subvolumes struct {
	dir    string
	runner *execx.Runner
}

// NewSubvolumes is the btrfs layout of the host folder dir (on btrfs).
func NewSubvolumes(dir string, runner *execx.Runner) *Subvolumes {
	return &Subvolumes{dir: filepath.Clean(dir), runner: runner}
}

// workingName is the working copy: btrfs refuses subvolume names with a
// leading dot, and "_" is no snapshot name either.
const workingName = "_working"

// subvolumeRootIno is the inode number of every btrfs subvolume's root.
const subvolumeRootIno = 256

func (v *Subvolumes) Dir() string             { return v.dir }
func (v *Subvolumes) Path(name string) string { return filepath.Join(v.dir, name) }
func (v *Subvolumes) InPlace() bool           { return true }
func (v *Subvolumes) Protected() []string     { return nil }

func (v *Subvolumes) List() (snapshots, other []string, err error) {
	snapshots, other, err = NewTree(v.dir).List()
	for i, o := range other {
		if strings.HasPrefix(o, workingName+": ") {
			other[i] = workingName + ": the working copy runs update"
		}
	}
	return snapshots, other, err
}

func (v *Subvolumes) Exists(name string) (bool, error) { return NewTree(v.dir).Exists(name) }

// Stage makes sure the working subvolume exists and holds nothing but the
// paths this run pulls (keep): what a host stopped backing up must not
// live on in the next snapshots. rsync --delete takes care of the rest.
func (v *Subvolumes) Stage(_ string, keep []string) (string, error) {
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return "", err
	}
	w := v.Path(workingName)
	st, err := os.Lstat(w)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := btrfs.CreateSubvolume(context.Background(), v.runner, w); err != nil {
			return "", fmt.Errorf("creating the working subvolume: %w", err)
		}
		if err := os.Chmod(w, 0o700); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case !isSubvolume(st):
		return "", fmt.Errorf("%s is not a btrfs subvolume: refusing to use it as the working copy", w)
	}
	root, err := os.OpenRoot(w)
	if err != nil {
		return "", err
	}
	defer root.Close()
	if err := pruneOutside(root, "", keep); err != nil {
		return "", fmt.Errorf("removing paths no longer backed up from the working copy: %w", err)
	}
	return workingName, nil
}

// pruneOutside removes everything under dir (relative to root) that is
// neither one of keep (relative paths) nor inside one, nor a folder on the
// way to one. root never leads outside, and symlinks are removed, never
// followed.
func pruneOutside(root *os.Root, dir string, keep []string) error {
	f, err := root.Open(orDot(dir))
	if err != nil {
		return err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return err
	}
	for _, e := range entries {
		rel := filepath.Join(dir, e.Name())
		switch wanted(rel, keep) {
		case keepAll:
		case keepOnTheWay:
			if e.IsDir() && e.Type()&fs.ModeSymlink == 0 {
				if err := pruneOutside(root, rel, keep); err != nil {
					return err
				}
				continue
			}
			// A symlink (or file) where a folder on the way must be, left
			// by an earlier run of other paths: the run would write
			// through it. It goes; the run makes the real folder.
			if err := root.Remove(rel); err != nil {
				return err
			}
		default:
			if err := root.RemoveAll(rel); err != nil {
				return err
			}
		}
	}
	return nil
}

func orDot(p string) string {
	if p == "" {
		return "."
	}
	return p
}

type want int

const (
	keepNone want = iota
	keepOnTheWay
	keepAll
)

func wanted(rel string, keep []string) want {
	w := keepNone
	for _, k := range keep {
		switch {
		case k == "" || rel == k || strings.HasPrefix(rel, k+"/"):
			return keepAll
		case strings.HasPrefix(k, rel+"/"):
			w = keepOnTheWay
		}
	}
	return w
}

func (v *Subvolumes) Stagings() ([]string, error) { return nil, nil }

// DropStaging keeps the working copy: it is the next run's starting point.
func (v *Subvolumes) DropStaging(name string) error {
	if name != workingName {
		return fmt.Errorf("%q is not the working copy", name)
	}
	return nil
}

// Commit writes the metadata file into the working copy, snapshots it
// read-only under the snapshot's name (atomic: the snapshot is whole or
// absent, and on disk once the command returns), and takes the metadata
// file out of the working copy again.
func (v *Subvolumes) Commit(staging string, snap api.Snapshot) error {
	if staging != workingName {
		return fmt.Errorf("%q is not the working copy", staging)
	}
	if err := checkName(snap.Name); err != nil {
		return err
	}
	if _, err := os.Lstat(v.Path(snap.Name)); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s already exists on disk", snap.Name)
	}
	w := v.Path(workingName)
	root, err := os.OpenRoot(w)
	if err != nil {
		return err
	}
	defer root.Close()
	// Whatever is there by that name (pulls exclude it; a link would be
	// unlinked, not followed) goes first.
	if err := root.Remove(MetadataFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("clearing the metadata file's place: %w", err)
	}
	if err := createMetadata(filepath.Join(w, MetadataFile), snap, false); err != nil {
		return fmt.Errorf("writing the metadata file: %w", err)
	}
	// Durable when it returns: the kernel flushes the working copy's data
	// and creates the snapshot inside a transaction commit it waits for, so
	// no syncfs (which costs tens of milliseconds more on btrfs).
	if err := btrfs.Snapshot(context.Background(), v.runner, w, v.Path(snap.Name)); err != nil {
		return fmt.Errorf("taking the snapshot: %w", err)
	}
	// The working copy's own metadata file is no one's: the next Commit
	// clears its place anyway, so its removal needs no flush.
	if err := root.Remove(MetadataFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("snapshot %s is taken, but its metadata file stays in the working copy: %w", snap.Name, err)
	}
	return nil
}

func (v *Subvolumes) Open(name string) (*os.Root, error) { return NewTree(v.dir).Open(name) }

func (v *Subvolumes) Metadata(name string) *api.Snapshot { return NewTree(v.dir).Metadata(name) }

// SetMetadata writes into a snapshot, which only works for a folder that
// is no read-only subvolume: a snapshot taken here always has its file.
func (v *Subvolumes) SetMetadata(snap api.Snapshot) error {
	return NewTree(v.dir).SetMetadata(snap)
}

func (v *Subvolumes) CanRemove(name string) error { return NewTree(v.dir).CanRemove(name) }

// Remove deletes a snapshot subvolume (btrfs subvolume delete, atomic);
// a plain folder goes as the Tree removes it.
func (v *Subvolumes) Remove(name string) error {
	present, err := v.Exists(name)
	if err != nil || !present {
		return err
	}
	st, err := os.Lstat(v.Path(name))
	if err != nil {
		return err
	}
	if !isSubvolume(st) {
		return NewTree(v.dir).Remove(name)
	}
	if err := btrfs.DeleteSubvolume(context.Background(), v.runner, v.Path(name)); err != nil {
		return fmt.Errorf("removing %s: %w", name, err)
	}
	return fsyncDir(v.dir)
}

// ErrNotMeasured: the layout cannot say what removing snapshots frees.
var ErrNotMeasured = errors.New("what removing btrfs snapshots frees is not measured: they share blocks copy-on-write with each other and the working copy")

// Freed is measured for plain folders only; snapshot subvolumes share
// their blocks with each other, which only btrfs quotas could tell.
func (v *Subvolumes) Freed(ctx context.Context, names []string, progress func(i int, entries int64)) (int64, int64, error) {
	for _, name := range names {
		if st, err := os.Lstat(v.Path(name)); err == nil && isSubvolume(st) {
			return 0, 0, ErrNotMeasured
		}
	}
	return NewTree(v.dir).Freed(ctx, names, progress)
}

func isSubvolume(st fs.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && st.IsDir() && sys.Ino == subvolumeRootIno
}
