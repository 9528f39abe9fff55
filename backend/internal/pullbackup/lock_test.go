package pullbackup

import (
	"errors"
	"testing"
	"time"

	"bams/backend/api"
)

// A caller that finds a task's lease whose task is still being created
// waits for its id, so its 409 always names the task.
func TestBusyNamesTheTaskBeingStarted(t *testing.T) {
	l := newHostLocks()
	first, err := l.acquireForTask("web1")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond) // creating the task record
		first.setTask("42")
	}()
	_, err = l.acquireForTask("web1")
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindBusy || ae.TaskID != "42" {
		t.Fatalf("second run: %v, want busy naming task 42", err)
	}
	first.release()
	second, err := l.acquireForTask("web1")
	if err != nil {
		t.Fatalf("after the release: %v", err)
	}
	// A task that never starts gives the lease back: the waiter is told
	// busy only if someone else holds it then, and here takes it.
	go func() {
		time.Sleep(20 * time.Millisecond)
		second.release()
	}()
	if _, err := l.acquire("web1", "being deleted"); err != nil {
		t.Fatalf("after a task that never started: %v", err)
	}
	if _, err := l.acquireForTask("web1"); !errors.As(err, &ae) || ae.Message != "host web1 is busy: being deleted" {
		t.Fatalf("behind a short operation: %v", err)
	}
}

func TestLocksNameTheHolder(t *testing.T) {
	l := newHostLocks()
	a, err := l.acquireForTask("web1")
	if err != nil {
		t.Fatal(err)
	}
	a.setTask("42")
	_, err = l.acquireForTask("web1")
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindBusy || ae.TaskID != "42" {
		t.Fatalf("%v", err)
	}
	if _, err := l.acquireForTask("web2"); err != nil {
		t.Fatal("other hosts are independent")
	}
	a.release()
	b, err := l.acquire("web1", "being deleted")
	if err != nil {
		t.Fatal(err)
	}
	a.release() // a stale lease must not free the new holder
	if l.holder("web1") != "" || func() bool { _, err := l.acquire("web1", "testing"); return err == nil }() {
		t.Fatal("a stale release freed another holder's lock")
	}
	b.release()
}
