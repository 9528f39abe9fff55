package baculasvc

import (
	"context"
	"errors"
	"os"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// Repositories says which repository holds a folder (repos.Folders).
type Repositories interface {
	Holding(dir string) (string, error)
}

// StorageUses reports each File device BAMS manages as a user of the
// repository its directory lies in, so the repository is not deleted
// under its volumes.
func (s *Service) StorageUses(context.Context) ([]api.StorageUse, error) {
	if s.repos == nil {
		return nil, nil
	}
	b, err := os.ReadFile(s.managedSDPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []api.StorageUse
	for _, d := range bacula.ParseFileDevices(string(b)) {
		repo, err := s.repos.Holding(d.Directory)
		if err != nil {
			return nil, err
		}
		if repo != "" {
			out = append(out, api.StorageUse{Repository: repo, User: api.StorageUser{Kind: api.UserBaculaDevice, ID: d.Name, Name: d.Name}})
		}
	}
	return out, nil
}
