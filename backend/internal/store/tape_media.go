package store

import (
	"bytes"
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// UpdateTapeMedia runs fn over the media inventory in one transaction: fn
// reads and changes the records in m (by barcode), and those whose JSON
// changed are written. fn must not keep m.
func (s *Store) UpdateTapeMedia(fn func(m map[string]api.TapeMedium) error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTapeMedia)
		m := map[string]api.TapeMedium{}
		old := map[string][]byte{}
		if err := b.ForEach(func(k, v []byte) error {
			var r api.TapeMedium
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			m[string(k)], old[string(k)] = r, v
			return nil
		}); err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		for k, r := range m {
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if !bytes.Equal(v, old[k]) {
				if err := b.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
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
