package baculasvc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// Repositories resolve repositories (repos.Folders).
type Repositories interface {
	// Folder is a repository's folder; a bad-request naming
	// "repository" when there is none.
	Folder(id string) (string, error)
	// Holding is the repository holding dir, "" for none.
	Holding(dir string) (string, error)
}

// inRepositories checks that each device naming a repository has its
// directory inside that repository's folder.
func (s *Service) inRepositories(devs []api.BaculaFileDevice) error {
	for i, d := range devs {
		if d.Repository == "" {
			continue
		}
		field := fmt.Sprintf("devices[%d].repository", i)
		if s.repos == nil {
			return invalidField(field, "this bamsd has no repositories")
		}
		root, err := s.repos.Folder(d.Repository)
		var ae *api.Error
		if errors.As(err, &ae) {
			return &api.Error{Kind: ae.Kind, Field: field, Message: ae.Message}
		} else if err != nil {
			return err
		}
		if d.Directory == root || !strings.HasPrefix(d.Directory, root+"/") {
			return invalidField(fmt.Sprintf("devices[%d].directory", i), "directory %s is not inside repository %s (%s)", d.Directory, d.Repository, root)
		}
	}
	return nil
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
