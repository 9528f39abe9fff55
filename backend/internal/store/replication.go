package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// Replication tasks: one record per task, keyed by its name, holding its
// configuration, state and bounded history.

// PutReplication stores t. create: refuse (ErrExists) a name that is
// taken; otherwise refuse (ErrNotFound) one that is not.
func (s *Store) PutReplication(t api.ReplicationTask, create bool) error {
	return putNamed(s, bucketReplication, t.Name, t, create)
}

// UpdateReplication changes one record in one transaction (a run's
// result and a configuration change never overwrite each other).
func (s *Store) UpdateReplication(name string, change func(t *api.ReplicationTask) error) (api.ReplicationTask, error) {
	var t api.ReplicationTask
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReplication)
		v := b.Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		if err := change(&t); err != nil {
			return err
		}
		return putJSON(b, name, t)
	})
	return t, err
}

// GetReplication returns one task.
func (s *Store) GetReplication(name string) (api.ReplicationTask, error) {
	return getNamed[api.ReplicationTask](s, bucketReplication, name)
}

// ListReplications returns every task, by name.
func (s *Store) ListReplications() ([]api.ReplicationTask, error) {
	return listNamed[api.ReplicationTask](s, bucketReplication)
}

// DeleteReplication removes a task's record.
func (s *Store) DeleteReplication(name string) error { return deleteNamed(s, bucketReplication, name) }
