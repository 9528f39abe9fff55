package snaptasks

import (
	"fmt"
	"sync"

	"bams/backend/api"
)

// locks: one run, apply or delete of a task at a time. In memory on
// purpose: a crash never leaves a task locked.
type locks struct {
	mu      sync.Mutex
	holders map[string]*lease
}

type lease struct {
	l      *locks
	name   string
	taskID string
}

func newLocks() *locks { return &locks{holders: map[string]*lease{}} }

// acquire takes name's lock, or fails with busy naming the task holding it.
func (l *locks) acquire(name string) (*lease, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h := l.holders[name]; h != nil {
		return nil, &api.Error{Kind: api.KindBusy, TaskID: h.taskID,
			Message: fmt.Sprintf("snapshot task %s is running (task %s)", name, h.taskID)}
	}
	h := &lease{l: l, name: name}
	l.holders[name] = h
	return h, nil
}

// named records the task that holds the lease, for busy answers.
func (h *lease) named(id string) {
	h.l.mu.Lock()
	h.taskID = id
	h.l.mu.Unlock()
}

func (h *lease) release() {
	h.l.mu.Lock()
	if h.l.holders[h.name] == h {
		delete(h.l.holders, h.name)
	}
	h.l.mu.Unlock()
}
