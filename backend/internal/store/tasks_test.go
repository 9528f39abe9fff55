package store

import (
	"fmt"
	"testing"
	"time"

	"bams/backend/api"
)

func TestTaskCRUDAndLog(t *testing.T) {
	s := open(t)
	task := api.Task{Kind: "selfcheck", State: api.TaskQueued, Created: time.Now()}
	if err := s.CreateTask(&task); err != nil || task.ID != "1" {
		t.Fatalf("create: %v id %q", err, task.ID)
	}
	task.State = api.TaskRunning
	task.Log = []api.LogLine{{Text: "must not be stored in the task record"}}
	if err := s.PutTask(&task); err != nil {
		t.Fatal(err)
	}
	s.AppendTaskLog(task.ID, api.LogLine{Text: "one"}, api.LogLine{Text: "two"})
	got, err := s.GetTask(task.ID, true)
	if err != nil || got.State != api.TaskRunning || len(got.Log) != 2 || got.Log[1].Text != "two" {
		t.Fatalf("got %+v %v", got, err)
	}
	if got, _ := s.GetTask(task.ID, false); got.Log != nil {
		t.Fatal("log returned without asking")
	}
	for _, id := range []string{"2", "x", "0", "-1", ""} {
		if _, err := s.GetTask(id, false); err != ErrNotFound {
			t.Errorf("GetTask(%q): %v", id, err)
		}
	}
}

func TestTaskLogIsBounded(t *testing.T) {
	s := open(t)
	task := api.Task{Kind: "k", State: api.TaskRunning}
	s.CreateTask(&task)
	lines := make([]api.LogLine, MaxTaskLogLines+50)
	for i := range lines {
		lines[i] = api.LogLine{Text: fmt.Sprint(i)}
	}
	s.AppendTaskLog(task.ID, lines...)
	got, _ := s.GetTask(task.ID, true)
	if len(got.Log) != MaxTaskLogLines || got.Log[len(got.Log)-1].Text != "log truncated: later lines are not kept" {
		t.Fatalf("%d lines, last %q", len(got.Log), got.Log[len(got.Log)-1].Text)
	}
}

func TestListTasksPagesAndFilters(t *testing.T) {
	s := open(t)
	for i := 0; i < 25; i++ {
		st := api.TaskSucceeded
		if i%5 == 0 {
			st = api.TaskFailed
		}
		s.CreateTask(&api.Task{Kind: []string{"selfcheck", "backup"}[i%2], State: st})
	}
	var seen []string
	cursor := ""
	for {
		page, next, err := s.ListTasks(TaskFilter{}, cursor, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			seen = append(seen, p.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 25 || seen[0] != "25" || seen[24] != "1" {
		t.Fatalf("pages gave %v", seen)
	}
	failed, _, _ := s.ListTasks(TaskFilter{States: []api.TaskState{api.TaskFailed}}, "", 100)
	if len(failed) != 5 {
		t.Fatalf("%d failed tasks, want 5", len(failed))
	}
	backups, _, _ := s.ListTasks(TaskFilter{Kind: "backup", States: []api.TaskState{api.TaskFailed}}, "", 100)
	for _, b := range backups {
		if b.Kind != "backup" || b.State != api.TaskFailed {
			t.Fatalf("filter leaked %+v", b)
		}
	}
	if len(backups) != 2 { // ids 6, 16 (i = 5, 15)
		t.Fatalf("%d failed backups, want 2", len(backups))
	}
	s.CreateTask(&api.Task{Kind: "backup", Target: "web1", State: api.TaskSucceeded})
	s.CreateTask(&api.Task{Kind: "backup", Target: "db1", State: api.TaskSucceeded})
	web1, _, _ := s.ListTasks(TaskFilter{Kind: "backup", Target: "web1"}, "", 100)
	if len(web1) != 1 || web1[0].Target != "web1" {
		t.Fatalf("target filter: %+v", web1)
	}
	if _, _, err := s.ListTasks(TaskFilter{}, "bogus", 10); err != ErrNotFound {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestDeleteFinishedBefore(t *testing.T) {
	s := open(t)
	old, recent := time.Now().Add(-100*24*time.Hour), time.Now()
	a := api.Task{Kind: "k", State: api.TaskSucceeded, Finished: &old}
	b := api.Task{Kind: "k", State: api.TaskSucceeded, Finished: &recent}
	c := api.Task{Kind: "k", State: api.TaskRunning} // never removed while running
	for _, task := range []*api.Task{&a, &b, &c} {
		s.CreateTask(task)
	}
	s.AppendTaskLog(a.ID, api.LogLine{Text: "x"})
	n, err := s.DeleteFinishedBefore(time.Now().Add(-90 * 24 * time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	if _, err := s.GetTask(a.ID, true); err != ErrNotFound {
		t.Fatal("old task still there")
	}
	for _, id := range []string{b.ID, c.ID} {
		if _, err := s.GetTask(id, false); err != nil {
			t.Fatalf("task %s lost: %v", id, err)
		}
	}
}
