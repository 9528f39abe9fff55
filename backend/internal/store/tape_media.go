package store

import (
	"bytes"
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// UpdateTapeMedia runs fn over the media inventory: fn reads and changes
// the records in m (by barcode), and those whose JSON changed are written.
// fn runs first in a read transaction, and only when it changed something
// again in a write transaction over the records as they are then, so a
// status read where nothing moved costs no write (and no fsync). fn must
// not keep m.
func (s *Store) UpdateTapeMedia(fn func(m map[string]api.TapeMedium) error) error {
	var changed bool
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		changed, err = applyTapeMedia(tx.Bucket(bucketTapeMedia), fn, nil)
		return err
	})
	if err != nil || !changed {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTapeMedia)
		_, err := applyTapeMedia(b, fn, b.Put)
		return err
	})
}

// applyTapeMedia runs fn over b's records and reports whether it changed
// any, writing each changed one with put when put is not nil.
func applyTapeMedia(b *bolt.Bucket, fn func(m map[string]api.TapeMedium) error, put func(k, v []byte) error) (bool, error) {
	m := map[string]api.TapeMedium{}
	old := map[string][]byte{}
	if err := b.ForEach(func(k, v []byte) error {
		var r api.TapeMedium
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		// bbolt's values live only as long as the transaction: keep a copy.
		m[string(k)], old[string(k)] = r, bytes.Clone(v)
		return nil
	}); err != nil {
		return false, err
	}
	if err := fn(m); err != nil {
		return false, err
	}
	changed := false
	for k, r := range m {
		v, err := json.Marshal(r)
		if err != nil {
			return false, err
		}
		if bytes.Equal(v, old[k]) {
			continue
		}
		changed = true
		if put != nil {
			if err := put([]byte(k), v); err != nil {
				return false, err
			}
		}
	}
	return changed, nil
}

// ListTapeMedia calls fn for each record in barcode order, from after
// (exclusive; "" from the start), until fn returns false.
func (s *Store) ListTapeMedia(after string, fn func(api.TapeMedium) bool) error {
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTapeMedia).Cursor()
		k, v := c.First()
		if after != "" {
			k, v = c.Seek([]byte(after))
			if k != nil && string(k) == after {
				k, v = c.Next()
			}
		}
		for ; k != nil; k, v = c.Next() {
			var r api.TapeMedium
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if !fn(r) {
				return nil
			}
		}
		return nil
	})
}
