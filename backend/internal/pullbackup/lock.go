package pullbackup

import (
	"fmt"
	"sync"

	"bams/backend/api"
)

// hostLocks: one holder per host at a time (a backup, discover, retention
// or delete). In memory on purpose: a lock never outlives the bamsd that
// took it, so a crash cannot leave a host locked.
type hostLocks struct {
	mu      sync.Mutex
	holders map[string]*lease
}

// lease is one hold of a host's lock.
type lease struct {
	l      *hostLocks
	host   string
	taskID string // "" for a short operation, or until the task exists
}

func newHostLocks() *hostLocks { return &hostLocks{holders: map[string]*lease{}} }

// acquire takes host's lock, or fails with busy naming the holder's task.
func (l *hostLocks) acquire(host string) (*lease, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, busy := l.holders[host]; busy {
		msg := fmt.Sprintf("host %s is busy", host)
		if h.taskID != "" {
			msg = fmt.Sprintf("host %s is busy with task %s", host, h.taskID)
		}
		return nil, &api.Error{Kind: api.KindBusy, Message: msg, TaskID: h.taskID}
	}
	h := &lease{l: l, host: host}
	l.holders[host] = h
	return h, nil
}

// setTask names the task holding the lease (once it has an id).
func (h *lease) setTask(id string) {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	h.taskID = id
}

// release gives the lock back; releasing twice is harmless.
func (h *lease) release() {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	if h.l.holders[h.host] == h {
		delete(h.l.holders, h.host)
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
