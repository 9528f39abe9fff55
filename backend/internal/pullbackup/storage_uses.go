package pullbackup

import (
	"context"

	"bams/backend/api"
	"bams/backend/internal/snapstore"
)

// StorageUses reports each host as a user of its repository, so the
// repository is not deleted under its snapshots, and a host in a
// zfs-dataset repository as the user of its own dataset too, so that is
// not destroyed under them either.
func (s *Service) StorageUses(context.Context) ([]api.StorageUse, error) {
	hosts, err := s.store.ListHosts()
	if err != nil {
		return nil, err
	}
	out := make([]api.StorageUse, 0, len(hosts))
	for _, h := range hosts {
		user := api.StorageUser{Kind: api.UserHost, ID: h.Name, Name: h.Name}
		out = append(out, api.StorageUse{Repository: h.Repository, User: user})
		kind, err := s.repos.Kind(h.Repository)
		if err != nil {
			return nil, err
		}
		if kind != api.RepoZFSDataset {
			continue
		}
		backing, err := s.repos.Backing(h.Repository)
		if err != nil {
			return nil, err
		}
		ds := api.StorageObject{Kind: api.ObjectZFSDataset, Name: snapstore.HostDataset(backing.Name, h.Name)}
		out = append(out, api.StorageUse{Object: &ds, User: user})
	}
	return out, nil
}
