package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"bams/backend/api"
	bolt "go.etcd.io/bbolt"
)

// MaxTaskLogLines bounds one task's stored log; later lines are dropped
// with a note, so a chatty tool cannot fill the disk.
const MaxTaskLogLines = 5000

// TaskFilter selects tasks; empty fields match all.
type TaskFilter struct {
	States []api.TaskState
	Kind   string
	Target string
}

func (f TaskFilter) match(t *api.Task) bool {
	if (f.Kind != "" && t.Kind != f.Kind) || (f.Target != "" && t.Target != f.Target) {
		return false
	}
	if len(f.States) == 0 {
		return true
	}
	for _, s := range f.States {
		if t.State == s {
			return true
		}
	}
	return false
}

func taskKey(id string) ([]byte, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return nil, false
	}
	return u64(n), true
}

// CreateTask assigns t a new id and stores it.
func (s *Store) CreateTask(t *api.Task) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTasks)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.ID = strconv.FormatUint(seq, 10)
		return putTask(b, t)
	})
}

// PutTask stores t under its id (which must exist).
func (s *Store) PutTask(t *api.Task) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putTask(tx.Bucket(bucketTasks), t) })
}

func putTask(b *bolt.Bucket, t *api.Task) error {
	k, ok := taskKey(t.ID)
	if !ok {
		return ErrNotFound
	}
	saved := *t
	saved.Log = nil
	v, err := json.Marshal(&saved)
	if err != nil {
		return err
	}
	return b.Put(k, v)
}

// GetTask returns the task with up to MaxTaskLogLines log lines.
func (s *Store) GetTask(id string, withLog bool) (api.Task, error) {
	var t api.Task
	k, ok := taskKey(id)
	if !ok {
		return t, ErrNotFound
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketTasks).Get(k)
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		if !withLog {
			return nil
		}
		t.Log = []api.LogLine{}
		logs := tx.Bucket(bucketTaskLogs).Bucket(k)
		if logs == nil {
			return nil
		}
		return logs.ForEach(func(_, v []byte) error {
			var l api.LogLine
			if err := json.Unmarshal(v, &l); err != nil {
				return err
			}
			t.Log = append(t.Log, l)
			return nil
		})
	})
	return t, err
}

// AppendTaskLog adds lines to a task's log, up to MaxTaskLogLines.
func (s *Store) AppendTaskLog(id string, lines ...api.LogLine) error {
	k, ok := taskKey(id)
	if !ok {
		return ErrNotFound
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketTaskLogs).CreateBucketIfNotExists(k)
		if err != nil {
			return err
		}
		for _, l := range lines {
			n := b.Sequence()
			if n >= MaxTaskLogLines {
				return nil
			}
			if n == MaxTaskLogLines-1 {
				l = api.LogLine{Time: l.Time, Level: "warn", Text: "log truncated: later lines are not kept"}
			}
			seq, _ := b.NextSequence()
			v, err := json.Marshal(l)
			if err != nil {
				return err
			}
			if err := b.Put(u64(seq), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListTasks returns up to limit tasks matching f, newest first, starting
// after the cursor (a task id; "" for the first page). next is the cursor
// of the following page, "" at the end.
func (s *Store) ListTasks(f TaskFilter, cursor string, limit int) (tasks []api.Task, next string, err error) {
	tasks = []api.Task{}
	next, err = s.EachTaskJSON(f, cursor, limit, func(_ string, raw []byte) error {
		var t api.Task
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		tasks = append(tasks, t)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return tasks, next, nil
}

// EachTaskJSON is ListTasks without decoding: task lists are the API's
// hottest read, and a page of stored JSON can be sent as it is. fn gets
// each task's id and stored JSON, which is only valid during the call (it
// is bbolt's own memory: copy it, don't keep it). Only the fields a filter
// needs are decoded, and only when there is a filter.
func (s *Store) EachTaskJSON(f TaskFilter, cursor string, limit int, fn func(id string, raw []byte) error) (next string, err error) {
	filtered := f.Kind != "" || f.Target != "" || len(f.States) > 0
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTasks).Cursor()
		var k, v []byte
		if cursor == "" {
			k, v = c.Last()
		} else {
			start, ok := taskKey(cursor)
			if !ok {
				return ErrNotFound
			}
			k, v = c.Seek(start)
			if k == nil {
				k, v = c.Last()
			}
			if k != nil && bytes.Compare(k, start) >= 0 {
				k, v = c.Prev()
			}
		}
		n, last := 0, ""
		for ; k != nil; k, v = c.Prev() {
			if filtered {
				var t api.Task
				var head struct {
					Kind   string        `json:"kind"`
					Target string        `json:"target"`
					State  api.TaskState `json:"state"`
				}
				if err := json.Unmarshal(v, &head); err != nil {
					return err
				}
				if t.Kind, t.Target, t.State = head.Kind, head.Target, head.State; !f.match(&t) {
					continue
				}
			}
			if n == limit {
				next = last
				return nil
			}
			last = strconv.FormatUint(fromU64(k), 10)
			if err := fn(last, v); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return next, err
}

// DeleteFinishedBefore removes finished tasks (and their logs) that ended
// before cutoff, and returns how many went.
func (s *Store) DeleteFinishedBefore(cutoff time.Time) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, logs := tx.Bucket(bucketTasks), tx.Bucket(bucketTaskLogs)
		var doomed [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var t api.Task
			if err := json.Unmarshal(v, &t); err != nil {
				return err
			}
			if t.State.Done() && t.Finished != nil && t.Finished.Before(cutoff) {
				doomed = append(doomed, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
			if logs.Bucket(k) != nil {
				if err := logs.DeleteBucket(k); err != nil {
					return err
				}
			}
		}
		n = len(doomed)
		return nil
	})
	return n, err
}
