package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// Records keyed by their name, one bucket per kind (iSCSI targets,
// snapshot tasks, replication tasks): the same four operations for each.

// putNamed stores v under name. create: refuse (ErrExists) a name that is
// taken; otherwise refuse (ErrNotFound) one that is not.
func putNamed(s *Store, bucket []byte, name string, v any, create bool) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		switch exists := b.Get([]byte(name)) != nil; {
		case create && exists:
			return ErrExists
		case !create && !exists:
			return ErrNotFound
		}
		return putJSON(b, name, v)
	})
}

// getNamed reads the record under name (ErrNotFound if none).
func getNamed[T any](s *Store, bucket []byte, name string) (T, error) {
	var v T
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucket).Get([]byte(name))
		if raw == nil {
			return ErrNotFound
		}
		return json.Unmarshal(raw, &v)
	})
	return v, err
}

// listNamed reads every record of bucket, by name (never nil).
func listNamed[T any](s *Store, bucket []byte) ([]T, error) {
	list := []T{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(_, raw []byte) error {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			list = append(list, v)
			return nil
		})
	})
	return list, err
}

// deleteNamed removes the record under name (ErrNotFound if none).
func deleteNamed(s *Store, bucket []byte, name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(name))
	})
}
