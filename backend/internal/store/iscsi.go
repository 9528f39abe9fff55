package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// The desired iSCSI configuration: one record per target, keyed by its
// name. Records hold CHAP secrets; the iSCSI service never lets them out.

// PutISCSITarget stores t. create: refuse (ErrExists) a name that is
// taken; otherwise refuse (ErrNotFound) one that is not.
func (s *Store) PutISCSITarget(t api.ISCSITarget, create bool) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketISCSI)
		switch exists := b.Get([]byte(t.Name)) != nil; {
		case create && exists:
			return ErrExists
		case !create && !exists:
			return ErrNotFound
		}
		return putJSON(b, t.Name, t)
	})
}

// GetISCSITarget returns one target.
func (s *Store) GetISCSITarget(name string) (api.ISCSITarget, error) {
	var t api.ISCSITarget
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketISCSI).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &t)
	})
	return t, err
}

// ListISCSITargets returns every target, by name.
func (s *Store) ListISCSITargets() ([]api.ISCSITarget, error) {
	targets := []api.ISCSITarget{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketISCSI).ForEach(func(_, v []byte) error {
			var t api.ISCSITarget
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			targets = append(targets, t)
			return nil
		})
	})
	return targets, err
}

// DeleteISCSITarget removes a target from the desired configuration.
func (s *Store) DeleteISCSITarget(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketISCSI)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(name))
	})
}
