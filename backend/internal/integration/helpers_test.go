package integration

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// callAs calls a route as a user through `bamsctl api` and decodes the
// answer: into out on success, or returns the API error.
func callAs(t *testing.T, user, socket, method, path string, out any) *api.Error {
	t.Helper()
	res := testenv.RunAs(t, user, socket, "api", method, path)
	if res.Code != 0 {
		var eb api.ErrorBody
		if err := json.Unmarshal([]byte(res.Stdout), &eb); err != nil || eb.Error == nil {
			t.Fatalf("%s %s as %s: exit %d, stdout %q, stderr %q", method, path, user, res.Code, res.Stdout, res.Stderr)
		}
		return eb.Error
	}
	if out != nil {
		if err := json.Unmarshal([]byte(res.Stdout), out); err != nil {
			t.Fatalf("%s %s as %s: %v in %q", method, path, user, err, res.Stdout)
		}
	}
	return nil
}

// waitTask polls until the task finishes.
func waitTask(t *testing.T, b *testenv.Bamsd, id string, cond func(api.Task) bool) api.Task {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		task, err := b.Client().Task(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(task) {
			return task
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s: condition not met in time; last %+v", id, task)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func done(t api.Task) bool { return t.State.Done() }
