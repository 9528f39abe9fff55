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
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReplication)
		switch exists := b.Get([]byte(t.Name)) != nil; {
		case create && exists:
			return ErrExists
		case !create && !exists:
			return ErrNotFound
		}
		return putJSON(b, t.Name, t)
	})
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
	var t api.ReplicationTask
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketReplication).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &t)
	})
	return t, err
}

// ListReplications returns every task, by name.
func (s *Store) ListReplications() ([]api.ReplicationTask, error) {
	list := []api.ReplicationTask{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReplication).ForEach(func(_, v []byte) error {
			var t api.ReplicationTask
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			list = append(list, t)
			return nil
		})
	})
	return list, err
}

// DeleteReplication removes a task's record.
func (s *Store) DeleteReplication(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketReplication)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(name))
	})
}
