package repos

import (
	"context"
	"errors"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Folders resolves repositories to folders for the features that put data
// in them (pullbackup, baculasvc), without the rest of the service: they
// are built before it, which asks them for their uses.
type Folders struct {
	store *store.Store
	sys   System
}

// NewFolders returns the resolver over the repository records; sys says
// what is mounted (nil: Host).
func NewFolders(st *store.Store, sys System) *Folders {
	if sys == nil {
		sys = Host{}
	}
	return &Folders{store: st, sys: sys}
}

// Folder is the folder of repository id, refused (conflict) while it is
// not mounted, and bad-request naming "repository" when there is none.
func (f *Folders) Folder(id string) (string, error) {
	if ValidName("repository", id) != nil {
		return "", invalid("repository", "no repository %q", id)
	}
	r, err := f.store.GetRepository(id)
	if errors.Is(err, store.ErrNotFound) {
		return "", invalid("repository", "no repository %q (bamsctl repo list shows them)", id)
	} else if err != nil {
		return "", err
	}
	if r.Kind == api.RepoFolder {
		// an existing folder: the feature makes its own folder in it
		return r.Mountpoint, nil
	}
	if err := ready(f.sys, r); err != nil {
		return "", err
	}
	return r.Mountpoint, nil
}

// Holding is the repository whose folder holds dir (the innermost, when
// repositories nest), or "" when none does.
func (f *Folders) Holding(dir string) (string, error) {
	recs, err := f.store.ListRepositories()
	if err != nil {
		return "", err
	}
	best, bestLen := "", 0
	for _, r := range recs {
		if within(dir, r.Mountpoint) && len(r.Mountpoint) > bestLen {
			best, bestLen = r.ID, len(r.Mountpoint)
		}
	}
	return best, nil
}

// within: path is dir or below it (both clean and absolute).
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+"/")
}

// Mountpoint is Folder for the features that ask with a context (iSCSI's
// file-backed LUNs).
func (f *Folders) Mountpoint(_ context.Context, id string) (string, error) { return f.Folder(id) }

// Backing is what repository id is made on (a zfs-dataset repository's
// dataset, in which pull backups give each host a dataset of its own).
func (f *Folders) Backing(id string) (api.StorageObject, error) {
	r, err := f.store.GetRepository(id)
	if err != nil {
		return api.StorageObject{}, err
	}
	return r.Backing, nil
}

// Kind is repository id's kind.
func (f *Folders) Kind(id string) (string, error) {
	r, err := f.store.GetRepository(id)
	if err != nil {
		return "", err
	}
	return r.Kind, nil
}
