package store

import (
	"encoding/json"
	"errors"
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
// is deliberately no way to change a record, and the only way to delete
// one is PruneAudit's retention, which drops the oldest and says so.
func (s *Store) AppendAudit(r *api.AuditRecord) error {
	var added int
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		added, err = appendAudit(tx.Bucket(bucketAudit), r)
		return err
	})
	if err == nil {
		s.auditBytes.Add(int64(added))
	}
	return err
}

func appendAudit(b *bolt.Bucket, r *api.AuditRecord) (int, error) {
	seq, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	r.Seq = seq
	v, err := json.Marshal(r)
	if err != nil {
		return 0, err
	}
	return len(v), b.Put(u64(seq), v)
}

// AuditBytes is how much the audit records take (their JSON), the figure
// audit.max_bytes bounds.
func (s *Store) AuditBytes() int64 { return s.auditBytes.Load() }

func sumAuditBytes(db *bolt.DB) (n int64, err error) {
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(_, v []byte) error {
			n += int64(len(v))
			return nil
		})
	})
	return n, err
}

// AuditDropped is what one PruneAudit dropped.
type AuditDropped struct {
	Records           int
	Bytes             int64
	FirstSeq, LastSeq uint64
	Oldest, Newest    time.Time // of the dropped records
}

// PruneAudit drops whole audit records, oldest first: those older than
// cutoff, then more until the rest take at most keepBytes. In the same
// transaction it appends note(what was dropped), so the trail never loses
// a record without one saying so. It returns that record, nil when
// nothing was dropped.
func (s *Store) PruneAudit(cutoff time.Time, keepBytes int64, note func(AuditDropped) api.AuditRecord) (*api.AuditRecord, error) {
	var rec *api.AuditRecord
	var delta int64
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		var d AuditDropped
		var keys [][]byte
		total := s.auditBytes.Load()
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var head struct {
				Time time.Time `json:"time"`
			}
			if err := json.Unmarshal(v, &head); err != nil {
				return err
			}
			if !head.Time.Before(cutoff) && total-d.Bytes <= keepBytes {
				break
			}
			if d.Records == 0 {
				d.FirstSeq, d.Oldest = fromU64(k), head.Time
			}
			d.Records++
			d.Bytes += int64(len(v))
			d.LastSeq, d.Newest = fromU64(k), head.Time
			keys = append(keys, k)
		}
		if d.Records == 0 {
			return nil
		}
		// Deleting under a moving cursor skips keys in bbolt: delete after.
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		r := note(d)
		added, err := appendAudit(b, &r)
		rec, delta = &r, int64(added)-d.Bytes
		return err
	})
	if err != nil {
		return nil, errors.Join(errors.New("audit retention"), err)
	}
	s.auditBytes.Add(delta)
	return rec, nil
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
