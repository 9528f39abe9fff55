package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// UpdateSnapshot changes one snapshot record in a single transaction:
// fn sees the stored record and edits it; an error from fn changes
// nothing. A read-then-PutSnapshot could resurrect a record that was
// deleted in between (retention deleting the snapshot being protected).
func (s *Store) UpdateSnapshot(host, name string, fn func(*api.Snapshot) error) (api.Snapshot, error) {
	var snap api.Snapshot
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := snapshotBucketGet(tx, host, name, &snap)
		if err != nil {
			return err
		}
		if err := fn(&snap); err != nil {
			return err
		}
		return putJSON(b, name, snap)
	})
	return snap, err
}

// DeleteSnapshotIf removes one snapshot record in a single transaction,
// only when check accepts the record as stored at that moment.
func (s *Store) DeleteSnapshotIf(host, name string, check func(api.Snapshot) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var snap api.Snapshot
		b, err := snapshotBucketGet(tx, host, name, &snap)
		if err != nil {
			return err
		}
		if err := check(snap); err != nil {
			return err
		}
		return b.Delete([]byte(name))
	})
}

func snapshotBucketGet(tx *bolt.Tx, host, name string, snap *api.Snapshot) (*bolt.Bucket, error) {
	b := tx.Bucket(bucketSnapshots).Bucket([]byte(host))
	if b == nil {
		return nil, ErrNotFound
	}
	v := b.Get([]byte(name))
	if v == nil {
		return nil, ErrNotFound
	}
	return b, json.Unmarshal(v, snap)
}

// EachSnapshotJSON calls fn with each of host's snapshot records as
// stored (JSON) under its name, oldest first. raw is valid only during
// the call. For
// readers that decode only what changed since they last looked (a
// retention plan reads thousands of records on every preview).
func (s *Store) EachSnapshotJSON(host string, fn func(name string, raw []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSnapshots).Bucket([]byte(host))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error { return fn(string(k), v) })
	})
}
