package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// DefaultPolicyKey is the retention bucket's key of the default policy.
const DefaultPolicyKey = "*"

// GetRetention decodes the policy stored under key (a host name or
// DefaultPolicyKey) into v; ErrNotFound if there is none.
func (s *Store) GetRetention(key string, v any) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRetention).Get([]byte(key))
		if b == nil {
			return ErrNotFound
		}
		return json.Unmarshal(b, v)
	})
}

// PutRetention stores a policy under key.
func (s *Store) PutRetention(key string, v any) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketRetention), key, v) })
}

// DeleteRetention removes the policy under key (the host falls back to
// the default); removing an absent one is fine.
func (s *Store) DeleteRetention(key string) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketRetention).Delete([]byte(key)) })
}
