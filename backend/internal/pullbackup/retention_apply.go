package pullbackup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// RetentionTaskKind is the task kind of an apply of a retention plan.
const RetentionTaskKind = "retention"

// applyLimits bound one retention run. Nothing is deleted unless a fresh
// plan, made under the host's lock right before deleting, passes them.
type applyLimits struct {
	token     string // the reviewed plan's; "" after a backup, where no one reviewed one
	maxDelete int    // 0: the policy's max_delete
	trigger   string // for the audit trail: "retention apply", "prune after backup"
}

// StartRetentionApply applies host's retention plan as a task, if the
// plan is still the one reviewed (its token) and within the limits. The
// host's lock is taken before the task exists, so a busy host is a 409 at
// once; inside the task the plan is made again, under the lock, and
// checked again before anything is deleted.
func (s *Service) StartRetentionApply(host string, req api.RetentionApply, by api.Caller) (api.Task, error) {
	if req.PlanToken == "" {
		return api.Task{}, invalid("plan_token", "plan_token is required: the token of the plan you reviewed (GET .../retention/plan)")
	}
	if req.MaxDelete < 1 {
		return api.Task{}, invalid("max_delete", "max_delete must be at least 1: the most snapshots you agree to delete")
	}
	view, err := s.RetentionPolicy(host)
	if err != nil {
		return api.Task{}, err
	}
	lim := applyLimits{token: req.PlanToken, maxDelete: req.MaxDelete, trigger: "retention apply"}
	// Checked before the task too, so a stale token or a limit answers
	// 409 at once instead of as a failed task.
	hp, err := s.planHost(host, view.Policy, view.Source, req.Kind, time.Now())
	if err != nil {
		return api.Task{}, err
	}
	if err := s.checkPlan(hp, lim); err != nil {
		return api.Task{}, err
	}
	lock, err := s.locks.acquireForTask(host)
	if err != nil {
		return api.Task{}, err
	}
	task, err := s.tasks.Start(RetentionTaskKind, host, api.ActionManage, by, func(ctx context.Context, run *tasks.Run) error {
		defer lock.release()
		res, err := s.applyLocked(ctx, run, host, hp.kind, lim, by)
		if serr := run.SetResult(res); err == nil {
			err = serr
		}
		return err
	})
	if err != nil {
		lock.release()
		return api.Task{}, err
	}
	lock.setTask(task.ID)
	return task, nil
}

// PruneAfterBackup applies host's saved policy, capped by the policy's
// max_delete and the share limit, right after a successful backup. Call
// it only from the backup task, which holds the host's lock, and only
// when the backup succeeded: a failed backup never prunes. It logs what
// it deletes to run and leaves run's result (the snapshot) alone.
func (s *Service) PruneAfterBackup(ctx context.Context, run *tasks.Run, host string) error {
	if s.locks.holder(host) != run.ID() {
		return fmt.Errorf("pruning %s: only the task holding the host's lock may prune it", host)
	}
	task, err := s.tasks.Get(run.ID())
	if err != nil {
		return err
	}
	res, err := s.applyLocked(ctx, run, host, "", applyLimits{trigger: "prune after backup"}, task.By)
	if err != nil {
		return fmt.Errorf("pruning %s: %w", host, err)
	}
	run.Log("info", fmt.Sprintf("pruned %d snapshots of %s (about %d bytes freed), kept %d",
		len(res.Deleted), host, res.FreedBytesEstimate, res.Kept))
	return nil
}

// applyLocked plans host again with its saved policy and deletes what the
// plan deletes, if the plan passes lim. The caller holds the host's lock.
// kind "" means the policy's kinds.
func (s *Service) applyLocked(ctx context.Context, run *tasks.Run, host, kind string, lim applyLimits, by api.Caller) (api.RetentionResult, error) {
	res := api.RetentionResult{Host: host, Deleted: []api.RetentionDeleted{}}
	run.Progress(api.Progress{Step: "planning"})
	view, err := s.RetentionPolicy(host)
	if err != nil {
		return res, err
	}
	hp, err := s.planHost(host, view.Policy, view.Source, kind, time.Now())
	if err != nil {
		return res, err
	}
	res.Kind, res.Kept, res.PlanToken = hp.kind, hp.plan.Keep, hp.plan.Token
	if err := s.checkPlan(hp, lim); err != nil {
		return res, err
	}
	var doomed []int
	for i, d := range hp.plan.Decisions {
		if !d.Keep {
			doomed = append(doomed, i)
		}
	}
	run.Log("info", fmt.Sprintf("plan %s: delete %d, keep %d (policy: %s)", hp.plan.Token, len(doomed), hp.plan.Keep, hp.source))
	for n, i := range doomed { // oldest first
		if err := ctx.Err(); err != nil {
			return res, err
		}
		snap, reasons := hp.snaps[i], hp.plan.Decisions[i].Reasons
		run.Progress(api.Progress{Percent: float64(100*n) / float64(len(doomed)),
			Step: fmt.Sprintf("deleting %s (%d of %d)", snap.Name, n+1, len(doomed))})
		err := s.deleteSnapshot(host, snap)
		switch {
		case errors.Is(err, errChanged):
			run.Log("warn", snap.Name+": protected or changed since the plan: kept")
			res.Kept++
			continue
		case errors.Is(err, store.ErrNotFound):
			run.Log("warn", snap.Name+": its record was already gone")
			continue
		}
		s.auditDelete(host, snap, reasons, by, run.ID(), lim.trigger, err)
		if err != nil {
			return res, err
		}
		run.Log("info", fmt.Sprintf("deleted %s (%s): %v", snap.Name, snap.State, reasons))
		res.Deleted = append(res.Deleted, api.RetentionDeleted{Name: snap.Name, State: snap.State, Reasons: reasons})
		res.FreedBytesEstimate += snap.NewBytes
	}
	run.Progress(api.Progress{Percent: 100, Step: fmt.Sprintf("deleted %d snapshots", len(res.Deleted))})
	return res, nil
}

// checkPlan refuses a plan that is not the one reviewed, or that deletes
// more than max_delete, or more than the configured share of the host's
// complete snapshots (retention.Guard).
func (s *Service) checkPlan(hp *hostPlan, lim applyLimits) error {
	maxDelete := lim.maxDelete
	if maxDelete == 0 {
		maxDelete = hp.policy.MaxDelete
	}
	g := retention.Guard{Token: lim.token, MaxDelete: maxDelete, MaxShare: s.maxDeleteShare}
	err := g.Check(hp.plan, func(i int) bool { return hp.snaps[i].State == api.SnapshotComplete }, "the host's")
	var ge *retention.GuardError
	if errors.As(err, &ge) {
		return &api.Error{Kind: api.KindConflict, Field: ge.Field, Message: ge.Message}
	}
	return err
}

// auditDelete writes one audit record per deleted snapshot, with the
// reasons the plan gave, on behalf of whoever started the task.
func (s *Service) auditDelete(host string, snap api.Snapshot, reasons []string, by api.Caller, taskID, trigger string, err error) {
	rec := api.AuditRecord{Time: time.Now().UTC(), UID: by.UID, User: by.User, LoginUID: by.LoginUID, PID: by.PID,
		Action: api.ActionManage, Method: "DELETE", Path: "/api/v1/hosts/" + host + "/snapshots/" + snap.Name,
		Params: map[string]any{"by": trigger, "task_id": taskID, "state": snap.State, "kind": snap.Kind,
			"new_bytes": snap.NewBytes, "reasons": reasons},
		Status: 200, Result: "ok"}
	if err != nil {
		rec.Status, rec.Result, rec.Error = 500, "error", err.Error()
	}
	s.audit(rec)
}
