package tapesvc

import (
	"context"
	"sync"

	"bams/backend/api"
)

// queue is one changer's move queue: moves run one at a time, in the
// order they were asked for. The head is the running move.
type queue struct {
	mu      sync.Mutex
	entries []*ticket
}

type ticket struct {
	taskID, what string
	turn         chan struct{} // closed when it is this move's turn
}

// join puts a move at the end of the queue when it is asked for (so the
// order is the order of the requests, not of the tasks' goroutines).
func (q *queue) join(what string) *ticket {
	t := &ticket{what: what, turn: make(chan struct{})}
	q.mu.Lock()
	q.entries = append(q.entries, t)
	if len(q.entries) == 1 {
		close(t.turn)
	}
	q.mu.Unlock()
	return t
}

// named records the task the ticket belongs to, once it exists.
func (q *queue) named(t *ticket, taskID string) {
	q.mu.Lock()
	t.taskID = taskID
	q.mu.Unlock()
}

// wait blocks until it is t's turn; a move cancelled while waiting leaves
// the queue. The caller leaves it when done.
func (q *queue) wait(ctx context.Context, t *ticket) error {
	select {
	case <-t.turn:
		return nil
	case <-ctx.Done():
		q.leave(t)
		return ctx.Err()
	}
}

// leave removes t; when t was running, the next move's turn comes.
func (q *queue) leave(t *ticket) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, e := range q.entries {
		if e != t {
			continue
		}
		q.entries = append(q.entries[:i], q.entries[i+1:]...)
		if i == 0 && len(q.entries) > 0 {
			close(q.entries[0].turn)
		}
		return
	}
}

// list is the queue as the API shows it.
func (q *queue) list() []api.TapeQueued {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]api.TapeQueued, 0, len(q.entries))
	for i, e := range q.entries {
		out = append(out, api.TapeQueued{TaskID: e.taskID, What: e.what, Running: i == 0})
	}
	return out
}

// idle reports whether no move is queued or running.
func (q *queue) idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.entries) == 0
}

// first reports whether t is at the head (its turn has come).
func (q *queue) first(t *ticket) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.entries) > 0 && q.entries[0] == t
}
