package snaptasks

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
	"bams/backend/internal/tasks"
)

// StartRun takes task name's snapshot now, then prunes (run now).
func (s *Service) StartRun(name string, by api.Caller) (api.Task, error) {
	t, err := s.Get(name)
	if err != nil {
		return api.Task{}, err
	}
	return s.startRun(t, time.Now(), by)
}

// startRun starts the task that takes t's snapshot named for slot and then
// prunes, with no reviewed token but within the policy's max_delete and
// the share limit, as a backup's prune does. A failed snapshot never
// prunes.
func (s *Service) startRun(t api.SnapTask, slot time.Time, by api.Caller) (api.Task, error) {
	name := render(t.Naming, slot)
	task, err := s.start(RunTaskKind, t.Name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		res := api.SnapTaskResult{Task: t.Name, Deleted: []api.RetentionDeleted{}}
		err := s.run(ctx, run, t, name, by, &res)
		if serr := run.SetResult(res); err == nil {
			err = serr
		}
		return err
	})
	if err == nil {
		s.noteTask(t.Name, task.ID)
	}
	return task, err
}

func (s *Service) run(ctx context.Context, run *tasks.Run, t api.SnapTask, name string, by api.Caller, res *api.SnapTaskResult) error {
	run.Progress(api.Progress{Step: "taking " + name})
	if err := s.targetOf(t).take(ctx, name); err != nil {
		return fmt.Errorf("snapshot %s of %s not taken: %w", name, t.Target, err)
	}
	res.Snapshot = name
	run.Log("info", fmt.Sprintf("took %s of %s (owner %s)", name, t.Target, Owner(t.Name)))
	if err := s.prune(ctx, run, t.Name, retention.Guard{MaxShare: s.share}, "prune after snapshot", by, res); err != nil {
		return fmt.Errorf("snapshot %s taken; pruning: %w", name, err)
	}
	run.Log("info", fmt.Sprintf("pruned %d snapshots, kept %d", len(res.Deleted), res.Kept))
	return nil
}

// noteTask records the task a run started as the task's last.
func (s *Service) noteTask(name, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, err := s.store.GetSnapTask(name); err == nil {
		t.LastTask = id
		_ = s.store.PutSnapTask(t, false) // a task deleted meanwhile has nothing to note
	}
}
