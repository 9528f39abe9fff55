package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// CreateRepository stores a new repository record (only its stored
// fields: size, health and users are read live); ErrExists if the id is taken.
func (s *Store) CreateRepository(r api.Repository) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRepos)
		if b.Get([]byte(r.ID)) != nil {
			return ErrExists
		}
		return putJSON(b, r.ID, storedRepository(r))
	})
}

// GetRepository returns one repository record.
func (s *Store) GetRepository(id string) (api.Repository, error) {
	var r api.Repository
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRepos).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &r)
	})
	return r, err
}

// ListRepositories returns every repository record, by id.
func (s *Store) ListRepositories() ([]api.Repository, error) {
	repos := []api.Repository{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRepos).ForEach(func(_, v []byte) error {
			var r api.Repository
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			repos = append(repos, r)
			return nil
		})
	})
	return repos, err
}

// DeleteRepository removes a repository record (never its data).
func (s *Store) DeleteRepository(id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRepos)
		if b.Get([]byte(id)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(id))
	})
}

// storedRepository drops the fields that are read live.
func storedRepository(r api.Repository) api.Repository {
	r.Size, r.Used, r.Free, r.Health, r.UsedBy = 0, 0, 0, "", nil
	return r
}
