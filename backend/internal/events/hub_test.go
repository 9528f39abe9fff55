package events

import (
	"testing"

	"bams/backend/api"
)

func TestFanOutAndOverflow(t *testing.T) {
	h := NewHub()
	fast, slow := h.Subscribe(10), h.Subscribe(2)
	for i := 0; i < 5; i++ {
		h.Publish(api.Event{Type: api.EventTaskState})
	}
	if len(fast.C) != 5 {
		t.Fatalf("fast subscriber got %d events, want 5", len(fast.C))
	}
	var last api.Event
	n := 0
	for e := range slow.C { // closed after overflow
		last = e
		n++
	}
	if last.Type != api.EventOverflow || n != 2 {
		t.Fatalf("slow subscriber: %d events ending in %q, want 2 ending in overflow", n, last.Type)
	}
	// The closed one is gone from the hub: a send to it would panic.
	h.Publish(api.Event{Type: api.EventTaskState})
	if len(fast.C) != 6 {
		t.Fatalf("fast subscriber got %d events, want 6", len(fast.C))
	}
	h.Unsubscribe(fast)
	h.Unsubscribe(fast) // idempotent
	h.Unsubscribe(slow)
	h.Publish(api.Event{Type: api.EventAudit}) // nobody listening: must not block or panic
}

// A subscriber without room would block Publish under the hub's lock.
func TestSubscribeRefusesNoBuffer(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Subscribe(0) was accepted")
		}
	}()
	NewHub().Subscribe(0)
}
