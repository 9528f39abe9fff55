package tapesvc

import (
	"context"
	"testing"
)

// Moves get their turn in the order they joined; one cancelled while
// waiting leaves without taking a turn.
func TestQueueOrder(t *testing.T) {
	var q queue
	a, b, c := q.join("a"), q.join("b"), q.join("c")
	if !q.first(a) || len(q.list()) != 3 || !q.list()[0].Running {
		t.Fatalf("queue %+v", q.list())
	}
	ctx, cancel := context.WithCancel(context.Background())
	bDone := make(chan error)
	go func() { bDone <- q.wait(ctx, b) }()
	cancel()
	if err := <-bDone; err == nil {
		t.Fatal("b took a turn after its cancel")
	}
	cTurn := make(chan error)
	go func() { cTurn <- q.wait(context.Background(), c) }()
	if q.first(c) {
		t.Fatal("c's turn came while a holds the robot")
	}
	q.leave(a)
	if err := <-cTurn; err != nil || !q.first(c) {
		t.Fatalf("c after a: %v %+v", err, q.list())
	}
	q.leave(c)
	if !q.idle() {
		t.Errorf("left %+v", q.list())
	}
}
