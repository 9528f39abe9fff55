package store

import (
	"encoding/json"
	"strconv"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// PutNotifyTarget stores a notification target (with its secrets).
func (s *Store) PutNotifyTarget(t api.NotifyTarget) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketNotifyTargets), t.Name, t) })
}

// GetNotifyTarget returns a target; ErrNotFound if there is none.
func (s *Store) GetNotifyTarget(name string) (api.NotifyTarget, error) {
	var t api.NotifyTarget
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketNotifyTargets).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &t)
	})
	return t, err
}

// ListNotifyTargets returns every target, by name.
func (s *Store) ListNotifyTargets() ([]api.NotifyTarget, error) {
	out := []api.NotifyTarget{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketNotifyTargets).ForEach(func(_, v []byte) error {
			var t api.NotifyTarget
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	return out, err
}

// DeleteNotifyTarget removes a target and its queued notifications.
func (s *Store) DeleteNotifyTarget(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketNotifyTargets).Get([]byte(name)) == nil {
			return ErrNotFound
		}
		if err := tx.Bucket(bucketNotifyTargets).Delete([]byte(name)); err != nil {
			return err
		}
		q := tx.Bucket(bucketNotifyQueue)
		var drop [][]byte
		err := q.ForEach(func(k, v []byte) error {
			var n api.Notification
			if err := json.Unmarshal(v, &n); err != nil {
				return err
			}
			if n.Target == name {
				drop = append(drop, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := q.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// QueueNotifications appends notifications to the retry queue (one
// transaction), giving each an id. When the queue would hold more than
// max, the oldest are dropped first; it returns how many.
func (s *Store) QueueNotifications(list []api.Notification, max int) (dropped int, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotifyQueue)
		n := b.Stats().KeyN + len(list) // Stats sees only what is committed: count first
		for i := range list {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			list[i].ID = strconv.FormatUint(seq, 10)
			if err := putJSON(b, string(u64(seq)), list[i]); err != nil {
				return err
			}
		}
		c := b.Cursor()
		for ; n > max; n-- {
			k, _ := c.First()
			if k == nil {
				break
			}
			if err := c.Delete(); err != nil {
				return err
			}
			dropped++
		}
		return nil
	})
	return dropped, err
}

// QueuedNotifications returns up to limit notifications, oldest first,
// and how many are queued in all.
func (s *Store) QueuedNotifications(limit int) (list []api.Notification, total int, err error) {
	list = []api.Notification{}
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotifyQueue)
		total = b.Stats().KeyN
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(list) < limit; k, v = c.Next() {
			var n api.Notification
			if err := json.Unmarshal(v, &n); err != nil {
				return err
			}
			list = append(list, n)
		}
		return nil
	})
	return list, total, err
}

// UpdateNotification stores a queued notification again (a failed attempt).
func (s *Store) UpdateNotification(n api.Notification) error {
	k, ok := taskKey(n.ID)
	if !ok {
		return ErrNotFound
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNotifyQueue)
		if b.Get(k) == nil {
			return ErrNotFound // delivered or dropped meanwhile
		}
		return putJSON(b, string(k), n)
	})
}

// DeleteNotification removes a notification from the queue (delivered, or
// given up).
func (s *Store) DeleteNotification(id string) error {
	k, ok := taskKey(id)
	if !ok {
		return ErrNotFound
	}
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketNotifyQueue).Delete(k) })
}
