package repos

import (
	"context"
	"os"
	"path/filepath"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
)

// planBtrfs: a new subvolume at path, inside a mounted btrfs (its parent
// folder), undone by deleting the subvolume.
func (s *Service) planBtrfs(req api.RepositoryCreate) (plan, error) {
	if err := checkPath("path", req.Path); err != nil {
		return plan{}, err
	}
	if _, err := os.Lstat(req.Path); err == nil {
		return plan{}, invalid("path", "%s already exists: a new subvolume needs a new name", req.Path)
	}
	parent := filepath.Dir(req.Path)
	if st, err := os.Lstat(parent); err != nil || !st.IsDir() || !isBtrfs(parent) {
		return plan{}, invalid("path", "%s is not a folder on a mounted btrfs", parent)
	}
	rec := api.Repository{ID: req.Name, Name: req.Name, Kind: api.RepoBtrfsSubvol, Mountpoint: req.Path,
		Backing: api.StorageObject{Kind: api.ObjectBtrfsSubvol, Name: req.Path}}
	return plan{rec: rec, steps: []step{
		{what: "creating btrfs subvolume " + req.Path,
			do:   func(ctx context.Context) error { return btrfs.CreateSubvolume(ctx, s.runner, req.Path) },
			undo: func(ctx context.Context) error { return btrfs.DeleteSubvolume(ctx, s.runner, req.Path) }},
		keepPrivate(req.Path),
	}}, nil
}
