package store

import (
	"encoding/json"
	"strconv"
	"time"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// AuditFilter selects audit records; zero fields match all.
type AuditFilter struct {
	User   string
	Action string
	Since  time.Time
	Until  time.Time
}

func (f AuditFilter) match(r *api.AuditRecord) bool {
	return (f.User == "" || r.User == f.User) &&
		(f.Action == "" || r.Action == f.Action) &&
		(f.Since.IsZero() || !r.Time.Before(f.Since)) &&
		(f.Until.IsZero() || r.Time.Before(f.Until))
}

// AppendAudit adds r to the append-only audit bucket and sets r.Seq. There
// is deliberately no way to change or delete a record.
func (s *Store) AppendAudit(r *api.AuditRecord) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.Seq = seq
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return b.Put(u64(seq), v)
	})
}

// ListAudit returns up to limit records matching f, newest first, after
// cursor (a seq; "" for the first page).
func (s *Store) ListAudit(f AuditFilter, cursor string, limit int) (recs []api.AuditRecord, next string, err error) {
	recs = []api.AuditRecord{}
	var before uint64
	if cursor != "" {
		if before, err = strconv.ParseUint(cursor, 10, 64); err != nil || before == 0 {
			return nil, "", ErrNotFound
		}
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		var k, v []byte
		if before == 0 {
			k, v = c.Last()
		} else {
			k, v = c.Seek(u64(before))
			if k == nil {
				k, v = c.Last()
			}
			if k != nil && fromU64(k) >= before {
				k, v = c.Prev()
			}
		}
		for ; k != nil; k, v = c.Prev() {
			var r api.AuditRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			// records are in time order: nothing older can match Since
			if !f.Since.IsZero() && r.Time.Before(f.Since) {
				return nil
			}
			if !f.match(&r) {
				continue
			}
			if len(recs) == limit {
				next = strconv.FormatUint(recs[len(recs)-1].Seq, 10)
				return nil
			}
			recs = append(recs, r)
		}
		return nil
	})
	return recs, next, err
}
