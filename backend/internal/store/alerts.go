package store

import (
	"encoding/json"
	"strconv"
	"time"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// AlertFilter selects alerts; zero fields match all.
type AlertFilter struct {
	States   []api.AlertState
	MinLevel api.AlertLevel // this level and above
	Source   string
	Class    string
	Subject  string
}

func (f AlertFilter) match(a *api.Alert) bool {
	if (f.Source != "" && a.Source != f.Source) || (f.Class != "" && a.Class != f.Class) ||
		(f.Subject != "" && a.Subject != f.Subject) || a.Level.Rank() < f.MinLevel.Rank() {
		return false
	}
	if len(f.States) == 0 {
		return true
	}
	for _, s := range f.States {
		if a.State == s {
			return true
		}
	}
	return false
}

// SaveAlerts stores alerts in one transaction (one sync for a whole
// check), giving those without an id a new one.
func (s *Store) SaveAlerts(list []*api.Alert) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlerts)
		for _, a := range list {
			if a.ID == "" {
				seq, err := b.NextSequence()
				if err != nil {
					return err
				}
				a.ID = strconv.FormatUint(seq, 10)
			}
			if err := putAlert(b, a); err != nil {
				return err
			}
		}
		return nil
	})
}

func putAlert(b *bolt.Bucket, a *api.Alert) error {
	k, ok := taskKey(a.ID)
	if !ok {
		return ErrNotFound
	}
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return b.Put(k, v)
}

// GetAlert returns one alert; ErrNotFound if there is none with that id.
func (s *Store) GetAlert(id string) (api.Alert, error) {
	var a api.Alert
	k, ok := taskKey(id)
	if !ok {
		return a, ErrNotFound
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAlerts).Get(k)
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &a)
	})
	return a, err
}

// OpenAlerts returns every alert not cleared, oldest first: what the
// engine picks up again after a restart.
func (s *Store) OpenAlerts() ([]api.Alert, error) {
	var out []api.Alert
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAlerts).ForEach(func(_, v []byte) error {
			var a api.Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			if a.State != api.AlertCleared {
				out = append(out, a)
			}
			return nil
		})
	})
	return out, err
}

// ListAlerts returns up to limit alerts matching f, newest first, after
// cursor (an id from a previous page's next; "" for the first page).
func (s *Store) ListAlerts(f AlertFilter, cursor string, limit int) (list []api.Alert, next string, err error) {
	list = []api.Alert{}
	var before []byte
	if cursor != "" {
		var ok bool
		if before, ok = taskKey(cursor); !ok {
			return nil, "", ErrNotFound
		}
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAlerts).Cursor()
		k, v := c.Last()
		if before != nil {
			k, v = c.Seek(before)
			if k == nil {
				k, v = c.Last()
			}
			if k != nil && fromU64(k) >= fromU64(before) {
				k, v = c.Prev()
			}
		}
		for ; k != nil; k, v = c.Prev() {
			var a api.Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			if !f.match(&a) {
				continue
			}
			if len(list) == limit {
				next = list[len(list)-1].ID
				return nil
			}
			list = append(list, a)
		}
		return nil
	})
	return list, next, err
}

// PruneAlerts drops cleared alerts: those cleared before cutoff, then the
// oldest while more than keep alerts are stored. Open alerts are never
// dropped. It returns how many went.
func (s *Store) PruneAlerts(cutoff time.Time, keep int) (dropped int, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlerts)
		total := b.Stats().KeyN
		var keys [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var a api.Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			if a.State == api.AlertCleared && (total-len(keys) > keep || (a.Cleared != nil && a.Cleared.Before(cutoff))) {
				keys = append(keys, k)
			}
		}
		// Deleting under a moving cursor skips keys in bbolt: delete after.
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		dropped = len(keys)
		return nil
	})
	return dropped, err
}
