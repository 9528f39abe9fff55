package store

import (
	"encoding/json"
	"time"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// SamplePoint is one point of a named series.
type SamplePoint struct {
	Series string
	api.Sample
}

// AddSamples stores points (one transaction); a point at a time already
// held replaces it, so reading the same figure twice adds nothing.
func (s *Store) AddSamples(points []SamplePoint) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSamples)
		for _, p := range points {
			b, err := root.CreateBucketIfNotExists([]byte(p.Series))
			if err != nil {
				return err
			}
			v, err := json.Marshal(p.Sample)
			if err != nil {
				return err
			}
			if err := b.Put(u64(uint64(p.Time.Unix())), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// SeriesNames lists the series held, by name.
func (s *Store) SeriesNames() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSamples).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// Samples returns a series' points from since on, oldest first.
func (s *Store) Samples(series string, since time.Time) ([]api.Sample, error) {
	out := []api.Sample{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSamples).Bucket([]byte(series))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(u64(uint64(max(since.Unix(), 0)))); k != nil; k, v = c.Next() {
			var p api.Sample
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// RewriteSeries replaces a series' points by what rewrite makes of them
// (all of them, oldest first), in one transaction; none left drops it.
func (s *Store) RewriteSeries(series string, rewrite func([]api.Sample) []api.Sample) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSamples)
		b := root.Bucket([]byte(series))
		if b == nil {
			return nil
		}
		var old []api.Sample
		if err := b.ForEach(func(_, v []byte) error {
			var p api.Sample
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			old = append(old, p)
			return nil
		}); err != nil {
			return err
		}
		if err := root.DeleteBucket([]byte(series)); err != nil {
			return err
		}
		kept := rewrite(old)
		if len(kept) == 0 {
			return nil
		}
		nb, err := root.CreateBucket([]byte(series))
		if err != nil {
			return err
		}
		for _, p := range kept {
			v, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := nb.Put(u64(uint64(p.Time.Unix())), v); err != nil {
				return err
			}
		}
		return nil
	})
}
