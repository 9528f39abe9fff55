package integration

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// The events stream carries a task's state, progress and log, and audit
// records, as they happen.
func TestEventsFollowATask(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := t.Context()
	got := make(chan api.Event, 1000)
	go b.Client().Events(ctx, func(e api.Event) error { got <- e; return nil })
	if e := <-got; e.Type != api.EventHello {
		t.Fatalf("first event %q, want hello", e.Type)
	}
	task, err := b.Client().Selfcheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	timeout := time.After(20 * time.Second)
	for !seen["succeeded"] {
		select {
		case e := <-got:
			seen[e.Type] = true
			if e.Task != nil && e.Task.ID == task.ID && e.Task.State == api.TaskSucceeded {
				seen["succeeded"] = true
			}
			if e.Task != nil && e.Task.ID == task.ID && strings.HasPrefix(e.Task.Progress.Step, "checking rsync") {
				seen["per-tool progress"] = true
			}
			if e.Audit != nil && e.Audit.Path == "/api/v1/system/selfcheck" {
				seen["audit of the request"] = true
			}
		case <-timeout:
			t.Fatalf("task did not finish on the stream; saw %v", seen)
		}
	}
	for _, want := range []string{api.EventTaskState, api.EventTaskProgress, api.EventTaskLog, api.EventAudit, "per-tool progress", "audit of the request"} {
		if !seen[want] {
			t.Errorf("no %s on the stream (saw %v)", want, seen)
		}
	}
}

// An open stream re-checks its caller and closes once org.bams.read is
// revoked (here: the user leaves bams-viewer).
func TestEventsStreamClosesWhenReadIsRevoked(t *testing.T) {
	testenv.RequireMachine(t)
	const user = "bamst-revoke"
	if out, err := exec.Command("useradd", "-M", "-G", "bams-viewer", user).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", user).Run() })
	b := testenv.StartBamsd(t, "polkit:\n  cache_ttl: 1s\n  events_recheck: 1s\n")

	stream := testenv.StartAs(t, user, b.Socket, "events", "-o", "json")
	lines := bufio.NewScanner(stream.Stdout)
	if !lines.Scan() || !strings.Contains(lines.Text(), `"hello"`) {
		t.Fatalf("stream did not open: %q", lines.Text())
	}
	if out, err := exec.Command("gpasswd", "-d", user, "bams-viewer").CombinedOutput(); err != nil {
		t.Fatalf("gpasswd: %v %s", err, out)
	}
	start := time.Now()
	var last api.Event
	for lines.Scan() {
		json.Unmarshal(lines.Bytes(), &last)
	}
	if last.Type != api.EventRevoked {
		t.Fatalf("stream ended with %q, want %q", last.Type, api.EventRevoked)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("revocation took %s", took)
	}
	stream.Wait()
}
