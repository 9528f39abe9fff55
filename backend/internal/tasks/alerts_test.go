package tasks

import (
	"context"
	"testing"
	"time"

	"bams/backend/api"
)

// A stalled task is one alert condition until it moves again.
func TestStalledTaskIsAnAlertCondition(t *testing.T) {
	m, _, _ := newManager(t, time.Hour)
	moved, done := make(chan struct{}), make(chan struct{})
	task, _ := m.Start("backup", "web1", api.ActionOperate, root, func(ctx context.Context, r *Run) error {
		<-moved
		r.Progress(api.Progress{Percent: 10})
		<-done
		return nil
	})
	waitFor(t, func() bool { got, _ := m.Get(task.ID); return got.State == api.TaskRunning })
	if got, _ := m.AlertConditions(context.Background()); len(got) != 0 {
		t.Fatalf("a task that is not stalled: %+v", got)
	}
	m.checkStalls(time.Now().Add(2 * time.Hour))
	got, err := m.AlertConditions(context.Background())
	want := api.AlertCondition{Class: "task-stalled", Subject: "task/" + task.ID, Level: api.AlertWarning,
		Text: "task " + task.ID + " (backup of web1) has made no progress for 1h0m0s"}
	if err != nil || len(got) != 1 || got[0] != want {
		t.Fatalf("got %+v %v, want %+v", got, err, want)
	}
	close(moved)
	waitFor(t, func() bool { got, _ := m.AlertConditions(context.Background()); return len(got) == 0 })
	close(done)
	waitDone(t, m, task.ID)
}
