package pullbackup

import (
	"context"

	"bams/backend/api"
)

// StorageUses reports each host as a user of its repository, so the
// repository is not deleted under its snapshots.
func (s *Service) StorageUses(context.Context) ([]api.StorageUse, error) {
	hosts, err := s.store.ListHosts()
	if err != nil {
		return nil, err
	}
	out := make([]api.StorageUse, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, api.StorageUse{Repository: h.Repository, User: api.StorageUser{Kind: api.UserHost, ID: h.Name, Name: h.Name}})
	}
	return out, nil
}
