package pullbackup

import (
	"fmt"
	"sync"
	"time"

	"bams/backend/api"
)

// hostLocks: one holder per host at a time (a backup, restore, retention
// run, discover, mark, key acceptance or delete). In memory on purpose: a
// lock never outlives the bamsd that took it, so a crash cannot leave a
// host locked.
type hostLocks struct {
	mu      sync.Mutex
	holders map[string]*lease
}

// lease is one hold of a host's lock.
type lease struct {
	l    *hostLocks
	host string
	what string // a short operation: what it does, for the busy message
	// A task's lease is taken before the task exists (so a second run gets
	// 409 at once, not a task that fails); named is closed once the task
	// has its id, or the lease is given back.
	taskID string
	named  chan struct{}
}

func newHostLocks() *hostLocks { return &hostLocks{holders: map[string]*lease{}} }

// taskNamingWait bounds how long a caller waits for a just-started task
// to get its id (one store write), so its busy answer can name it.
const taskNamingWait = 5 * time.Second

// acquire takes host's lock for a short operation (what: "deleting it"),
// or fails with busy naming the holder.
func (l *hostLocks) acquire(host, what string) (*lease, error) {
	return l.take(&lease{l: l, host: host, what: what})
}

// acquireForTask takes host's lock for a task that is about to start;
// setTask names it.
func (l *hostLocks) acquireForTask(host string) (*lease, error) {
	return l.take(&lease{l: l, host: host, named: make(chan struct{})})
}

func (l *hostLocks) take(h *lease) (*lease, error) {
	waited := false
	for {
		l.mu.Lock()
		held := l.holders[h.host]
		if held == nil {
			l.holders[h.host] = h
			l.mu.Unlock()
			return h, nil
		}
		if held.named == nil || held.taskID != "" || waited {
			l.mu.Unlock()
			return nil, held.busy()
		}
		// The holder's task is being created: its id is a moment away.
		named := held.named
		l.mu.Unlock()
		select {
		case <-named:
		case <-time.After(taskNamingWait):
		}
		waited = true
	}
}

// busy is the 409 for a caller that found h holding the lock.
func (h *lease) busy() error {
	switch {
	case h.taskID != "":
		return &api.Error{Kind: api.KindBusy, Message: fmt.Sprintf("host %s is busy with task %s", h.host, h.taskID), TaskID: h.taskID}
	case h.what != "":
		return &api.Error{Kind: api.KindBusy, Message: fmt.Sprintf("host %s is busy: %s", h.host, h.what)}
	}
	return &api.Error{Kind: api.KindBusy, Message: fmt.Sprintf("host %s is busy with a task that is starting", h.host)}
}

// setTask names the task holding the lease (once it has an id).
func (h *lease) setTask(id string) {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	h.taskID = id
	h.closeNamed()
}

// release gives the lock back; releasing twice is harmless.
func (h *lease) release() {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	if h.l.holders[h.host] == h {
		delete(h.l.holders, h.host)
	}
	h.closeNamed()
}

// closeNamed wakes the callers waiting for the task's id; l.mu is held.
func (h *lease) closeNamed() {
	if h.named == nil {
		return
	}
	select {
	case <-h.named:
	default:
		close(h.named)
	}
}

// holder is the task holding host's lock ("" if none or a short operation).
func (l *hostLocks) holder(host string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h := l.holders[host]; h != nil {
		return h.taskID
	}
	return ""
}
