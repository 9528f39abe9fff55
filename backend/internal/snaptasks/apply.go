package snaptasks

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
	"bams/backend/internal/tasks"
)

// StartApply applies task name's reviewed plan as a task, if the plan is
// still the one reviewed (its token) and within max_delete and the share
// limit. Checked before the task too, so a stale token is a 409 at once;
// inside the task, under the task's lock, the plan is made again and
// checked again before anything is deleted.
func (s *Service) StartApply(ctx context.Context, name string, req api.SnapTaskApply, by api.Caller) (api.Task, error) {
	if req.PlanToken == "" {
		return api.Task{}, invalid("plan_token", "plan_token is required: the token of the plan you reviewed (GET .../plan)")
	}
	if req.MaxDelete < 1 {
		return api.Task{}, invalid("max_delete", "max_delete must be at least 1: the most snapshots you agree to delete")
	}
	t, err := s.Get(name)
	if err != nil {
		return api.Task{}, err
	}
	g := retention.Guard{Token: req.PlanToken, MaxDelete: req.MaxDelete, MaxShare: s.share}
	tp, err := s.plan(ctx, t, time.Now())
	if err != nil {
		return api.Task{}, err
	}
	if err := tp.check(g); err != nil {
		return api.Task{}, err
	}
	return s.start(ApplyTaskKind, name, api.ActionManage, by, func(ctx context.Context, run *tasks.Run) error {
		res := api.SnapTaskResult{Task: name, Deleted: []api.RetentionDeleted{}}
		err := s.prune(ctx, run, name, g, "snapshot task apply", by, &res)
		if serr := run.SetResult(res); err == nil {
			err = serr
		}
		return err
	})
}

// start takes name's lock before the task exists (a busy task is a 409
// at once) and holds it until fn returns.
func (s *Service) start(kind, name, action string, by api.Caller, fn tasks.Func) (api.Task, error) {
	l, err := s.locks.acquire(name)
	if err != nil {
		return api.Task{}, err
	}
	task, err := s.tasks.Start(kind, name, action, by, func(ctx context.Context, run *tasks.Run) error {
		defer l.release()
		return fn(ctx, run)
	})
	if err != nil {
		l.release()
		return api.Task{}, err
	}
	l.named(task.ID)
	return task, nil
}

// prune plans task name again with its saved policy and destroys what the
// plan deletes, oldest first, if the plan passes g. The caller holds the
// task's lock. Each destroyed snapshot gets its own audit record.
func (s *Service) prune(ctx context.Context, run *tasks.Run, name string, g retention.Guard, trigger string, by api.Caller, res *api.SnapTaskResult) error {
	run.Progress(api.Progress{Step: "planning"})
	t, err := s.Get(name)
	if err != nil {
		return err
	}
	tp, err := s.plan(ctx, t, time.Now())
	if err != nil {
		return err
	}
	if g.MaxDelete == 0 {
		g.MaxDelete = tp.task.Retention.MaxDelete
	}
	res.Kept, res.PlanToken = tp.plan.Keep, tp.plan.Token
	if err := tp.check(g); err != nil {
		return err
	}
	var doomed []int
	for i, d := range tp.plan.Decisions {
		if !d.Keep {
			doomed = append(doomed, i)
		}
	}
	run.Log("info", fmt.Sprintf("plan %s: delete %d, keep %d (%d snapshots of %s not owned by %s left alone)",
		tp.plan.Token, len(doomed), tp.plan.Keep, len(tp.others), t.Target, Owner(name)))
	target := s.targetOf(t)
	for n, i := range doomed {
		if err := ctx.Err(); err != nil {
			return err
		}
		sn, reasons := tp.snaps[i], tp.plan.Decisions[i].Reasons
		run.Progress(api.Progress{Percent: float64(100*n) / float64(len(doomed)),
			Step: fmt.Sprintf("deleting %s (%d of %d)", sn.Name, n+1, len(doomed))})
		err := target.destroy(ctx, sn)
		s.auditDelete(t, sn, reasons, by, run.ID(), trigger, err)
		if err != nil {
			return fmt.Errorf("deleting %s of %s: %w", sn.Name, t.Target, err)
		}
		run.Log("info", fmt.Sprintf("deleted %s: %v", sn.Name, reasons))
		res.Deleted = append(res.Deleted, api.RetentionDeleted{Name: sn.Name, State: retention.StateComplete, Reasons: reasons})
		res.FreedBytesEstimate += sn.Used
	}
	run.Progress(api.Progress{Percent: 100, Step: fmt.Sprintf("deleted %d snapshots", len(res.Deleted))})
	return nil
}

// auditDelete writes one audit record per destroyed snapshot, with the
// plan's reasons, on behalf of whoever started the task.
func (s *Service) auditDelete(t api.SnapTask, sn snap, reasons []string, by api.Caller, taskID, trigger string, err error) {
	rec := api.AuditRecord{Time: time.Now().UTC(), UID: by.UID, User: by.User, LoginUID: by.LoginUID, PID: by.PID,
		Action: api.ActionManage, Method: "DELETE", Path: "/api/v1/snaptasks/" + t.Name + "/snapshots/" + sn.Name,
		Params: map[string]any{"by": trigger, "task_id": taskID, "kind": t.Kind, "target": t.Target,
			"owner": Owner(t.Name), "reasons": reasons},
		Status: 200, Result: "ok"}
	if err != nil {
		rec.Status, rec.Result, rec.Error = 500, "error", err.Error()
	}
	s.audit(rec)
}
