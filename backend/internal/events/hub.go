// Package events fans out api.Events to the /api/v1/events streams.
// Publishing never blocks: a subscriber that falls too far behind is
// dropped (its channel closes after an overflow event) rather than slowing
// the task that published.
package events

import (
	"sync"
	"time"

	"bams/backend/api"
)

// Hub is the daemon's one event bus.
type Hub struct {
	mu   sync.Mutex
	subs map[*Sub]struct{}
}

// Sub is one subscriber. Read C until it closes.
type Sub struct {
	C      chan api.Event
	closed bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[*Sub]struct{}{}} }

// Subscribe adds a subscriber with room for buf pending events.
func (h *Hub) Subscribe(buf int) *Sub {
	// Publish never blocks: with no room at all, its overflow notice
	// would wait for a reader while holding the hub's lock.
	if buf < 1 {
		panic("events: Subscribe needs a buffer of at least 1")
	}
	s := &Sub{C: make(chan api.Event, buf)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Unsubscribe removes s and closes its channel (idempotent).
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closeLocked(s)
}

func (h *Hub) closeLocked(s *Sub) {
	if !s.closed {
		s.closed = true
		close(s.C)
		delete(h.subs, s)
	}
}

// Publish sends e to every subscriber without blocking.
func (h *Hub) Publish(e api.Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.C <- e:
		default:
			// Full: replace the oldest pending event with an overflow
			// notice, then close, so the reader learns why it ended.
			select {
			case <-s.C:
			default:
			}
			s.C <- api.Event{Type: api.EventOverflow, Time: e.Time}
			h.closeLocked(s)
		}
	}
}
