package store

import (
	"encoding/json"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// PutSchedule stores a host's schedule.
func (s *Store) PutSchedule(sc api.Schedule) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketSchedules), sc.Host, sc) })
}

// GetSchedule returns a host's schedule; ErrNotFound if it has none.
func (s *Store) GetSchedule(host string) (api.Schedule, error) {
	var sc api.Schedule
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSchedules).Get([]byte(host))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &sc)
	})
	return sc, err
}

// ListSchedules returns every schedule, by host name.
func (s *Store) ListSchedules() ([]api.Schedule, error) {
	out := []api.Schedule{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSchedules).ForEach(func(_, v []byte) error {
			var sc api.Schedule
			if err := json.Unmarshal(v, &sc); err != nil {
				return err
			}
			out = append(out, sc)
			return nil
		})
	})
	return out, err
}
