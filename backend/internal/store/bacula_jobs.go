package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"bams/backend/api"
)

// The Bacula job index (bucket bacula_jobs): one record per catalog job id,
// so the job list and history answer from bbolt, newest first, without
// asking the director for thousands of rows. The Bacula service fills it
// incrementally and re-checks what may have changed; the store only keeps it.

// BaculaRunFilter selects runs; zero fields match everything.
type BaculaRunFilter struct {
	Statuses []string // status words; "running" matches every run not yet ended
	Client   string
	Name     string // the Job resource
	Type     string // B, R, ...
	Since    time.Time
	Until    time.Time
}

// matchJSON reports whether a stored record matches, from its JSON bytes:
// a filtered page over 10 000 records must not decode each of them (that
// alone takes ~50 ms), so fields are found by their encoded form. This is
// exact because encoding/json writes each field once, as "key":value, and
// escapes every quote inside a string, so `"client":"` can only be the
// field itself; the filter's names are bare (validated by the caller).
func (f BaculaRunFilter) matchJSON(v []byte) bool {
	str := func(key, want string) bool {
		return bytes.Contains(v, []byte(`"`+key+`":"`+want+`"`))
	}
	if f.Client != "" && !str("client", f.Client) || f.Name != "" && !str("name", f.Name) || f.Type != "" && !str("type", f.Type) {
		return false
	}
	if !f.Since.IsZero() || !f.Until.IsZero() {
		t, ok := timeField(v, "started")
		if !ok {
			t, ok = timeField(v, "scheduled")
		}
		if !ok || !f.Since.IsZero() && t.Before(f.Since) || !f.Until.IsZero() && !t.Before(f.Until) {
			return false
		}
	}
	if len(f.Statuses) == 0 {
		return true
	}
	for _, s := range f.Statuses {
		if str("status", s) || s == api.BaculaStatusRunning && bytes.Contains(v, []byte(`"done":false`)) {
			return true
		}
	}
	return false
}

// timeField reads an RFC 3339 time field from encoded JSON.
func timeField(v []byte, key string) (time.Time, bool) {
	prefix := []byte(`"` + key + `":"`)
	i := bytes.Index(v, prefix)
	if i < 0 {
		return time.Time{}, false
	}
	rest := v[i+len(prefix):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(rest[:end]))
	return t, err == nil
}

// PutBaculaRuns adds or replaces runs in the index, in one transaction.
func (s *Store) PutBaculaRuns(runs []api.BaculaRun) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketBaculaJobs)
		for _, r := range runs {
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := b.Put(u64(uint64(r.JobID)), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetBaculaRun returns one indexed run; ErrNotFound when absent.
func (s *Store) GetBaculaRun(jobID int64) (api.BaculaRun, error) {
	var r api.BaculaRun
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketBaculaJobs).Get(u64(uint64(jobID)))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &r)
	})
	return r, err
}

// MaxBaculaJobID is the highest indexed job id, 0 for an empty index.
func (s *Store) MaxBaculaJobID() (int64, error) {
	var id int64
	err := s.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketBaculaJobs).Cursor().Last(); k != nil {
			id = int64(fromU64(k))
		}
		return nil
	})
	return id, err
}

// ListBaculaRuns pages through the index newest first (by job id). cursor
// is a previous page's next ("" for the first page); next is "" on the
// last page.
func (s *Store) ListBaculaRuns(f BaculaRunFilter, cursor string, limit int) (runs []api.BaculaRun, next string, err error) {
	runs = []api.BaculaRun{}
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketBaculaJobs).Cursor()
		var k, v []byte
		if cursor == "" {
			k, v = c.Last()
		} else {
			below, err := strconv.ParseUint(cursor, 10, 64)
			if err != nil {
				return err
			}
			// Seek lands on the first key >= below; the page starts under it.
			if k, v = c.Seek(u64(below)); k == nil {
				k, v = c.Last()
			}
			for k != nil && fromU64(k) >= below {
				k, v = c.Prev()
			}
		}
		for ; k != nil; k, v = c.Prev() {
			if !f.matchJSON(v) {
				continue
			}
			if len(runs) == limit {
				next = strconv.FormatInt(runs[len(runs)-1].JobID, 10)
				return nil
			}
			var r api.BaculaRun
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			runs = append(runs, r)
		}
		return nil
	})
	return runs, next, err
}

// EachBaculaRun calls fn for every indexed run, oldest first, until fn
// returns an error.
func (s *Store) EachBaculaRun(fn func(api.BaculaRun) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBaculaJobs).ForEach(func(_, v []byte) error {
			var r api.BaculaRun
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			return fn(r)
		})
	})
}
