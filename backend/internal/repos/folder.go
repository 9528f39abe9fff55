package repos

import (
	"os"

	"bams/backend/api"
)

// planFolder: an existing folder becomes a repository. Nothing is created;
// the folder is checked (a real folder, no symlink on the way, not the
// system's) and made private.
func (s *Service) planFolder(req api.RepositoryCreate) (plan, error) {
	if err := checkPath("path", req.Path); err != nil {
		return plan{}, err
	}
	if st, err := os.Lstat(req.Path); err != nil || !st.IsDir() {
		return plan{}, invalid("path", "%s is not an existing folder", req.Path)
	}
	rec := api.Repository{ID: req.Name, Name: req.Name, Kind: api.RepoFolder, Mountpoint: req.Path,
		Backing: api.StorageObject{Kind: api.ObjectFolder, Name: req.Path}}
	return plan{rec: rec, steps: []step{keepPrivate(req.Path)}}, nil
}
