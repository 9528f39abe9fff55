package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// Periodic snapshot tasks: one record per task, keyed by its name. The
// snapshots themselves live on the storage, named by their owner.

// PutSnapTask stores t. create: refuse (ErrExists) a name that is taken;
// otherwise refuse (ErrNotFound) one that is not.
func (s *Store) PutSnapTask(t api.SnapTask, create bool) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSnapTasks)
		switch exists := b.Get([]byte(t.Name)) != nil; {
		case create && exists:
			return ErrExists
		case !create && !exists:
			return ErrNotFound
		}
		return putJSON(b, t.Name, t)
	})
}

// GetSnapTask returns one task.
func (s *Store) GetSnapTask(name string) (api.SnapTask, error) {
	var t api.SnapTask
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSnapTasks).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &t)
	})
	return t, err
}

// ListSnapTasks returns every task, by name.
func (s *Store) ListSnapTasks() ([]api.SnapTask, error) {
	list := []api.SnapTask{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSnapTasks).ForEach(func(_, v []byte) error {
			var t api.SnapTask
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			list = append(list, t)
			return nil
		})
	})
	return list, err
}

// DeleteSnapTask removes a task's record.
func (s *Store) DeleteSnapTask(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSnapTasks)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(name))
	})
}
