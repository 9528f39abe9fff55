package store

import (
	"encoding/json"
	"errors"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// ErrExists: a record with that name is already there.
var ErrExists = errors.New("already exists")

// CreateHost stores a new host; ErrExists if the name is taken.
func (s *Store) CreateHost(h api.Host) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHosts)
		if b.Get([]byte(h.Name)) != nil {
			return ErrExists
		}
		return putJSON(b, h.Name, h)
	})
}

// UpdateHost replaces an existing host; ErrNotFound if there is none.
func (s *Store) UpdateHost(h api.Host) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHosts)
		if b.Get([]byte(h.Name)) == nil {
			return ErrNotFound
		}
		return putJSON(b, h.Name, h)
	})
}

// GetHost returns one host.
func (s *Store) GetHost(name string) (api.Host, error) {
	var h api.Host
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketHosts).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &h)
	})
	return h, err
}

// ListHosts returns every host, by name.
func (s *Store) ListHosts() ([]api.Host, error) {
	hosts := []api.Host{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHosts).ForEach(func(_, v []byte) error {
			var h api.Host
			if err := json.Unmarshal(v, &h); err != nil {
				return err
			}
			hosts = append(hosts, h)
			return nil
		})
	})
	return hosts, err
}

// DeleteHost removes a host, its snapshot records, schedule and retention
// policy (never its data).
func (s *Store) DeleteHost(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHosts)
		if b.Get([]byte(name)) == nil {
			return ErrNotFound
		}
		if snaps := tx.Bucket(bucketSnapshots); snaps.Bucket([]byte(name)) != nil {
			if err := snaps.DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, bucket := range [][]byte{bucketSchedules, bucketRetention} {
			if err := tx.Bucket(bucket).Delete([]byte(name)); err != nil {
				return err
			}
		}
		return b.Delete([]byte(name))
	})
}

// PutSnapshot stores (or replaces) a snapshot record.
func (s *Store) PutSnapshot(snap api.Snapshot) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketSnapshots).CreateBucketIfNotExists([]byte(snap.Host))
		if err != nil {
			return err
		}
		return putJSON(b, snap.Name, snap)
	})
}

// GetSnapshot returns one snapshot record.
func (s *Store) GetSnapshot(host, name string) (api.Snapshot, error) {
	var snap api.Snapshot
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSnapshots).Bucket([]byte(host))
		if b == nil {
			return ErrNotFound
		}
		v := b.Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &snap)
	})
	return snap, err
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), raw)
}
