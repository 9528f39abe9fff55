package snaptasks

import (
	"context"
	"errors"
	"time"

	"bams/backend/api"
	"bams/backend/internal/pullbackup"
	"bams/backend/internal/retention"
)

// taskPlan is one planning of a task's own snapshots (oldest first) and
// the verdicts, with the snapshots of its target that are not its own.
type taskPlan struct {
	task   api.SnapTask
	now    time.Time
	snaps  []snap
	others []api.SnapTaskOther
	plan   retention.Plan
}

// Plan previews pruning of task name as of asOf (zero: now): every one of
// its snapshots with its verdict and reasons, and the token an apply must
// send back. It changes nothing.
func (s *Service) Plan(ctx context.Context, name string, asOf time.Time) (api.SnapTaskPlan, error) {
	t, err := s.Get(name)
	if err != nil {
		return api.SnapTaskPlan{}, err
	}
	if asOf.IsZero() {
		asOf = time.Now()
	}
	tp, err := s.plan(ctx, t, asOf)
	if err != nil {
		return api.SnapTaskPlan{}, err
	}
	return tp.wire(), nil
}

// plan lists the task's snapshots and plans them with its policy. Every
// snapshot a task makes counts as scheduled and complete (a snapshot is
// whole or absent); a held one is kept naming its hold.
func (s *Service) plan(ctx context.Context, t api.SnapTask, now time.Time) (*taskPlan, error) {
	policy := t.Retention
	rp, err := pullbackup.PlannerPolicy(&policy)
	if err != nil {
		return nil, err
	}
	t.Retention = policy
	snaps, others, err := s.targetOf(t).list(ctx)
	if err != nil {
		return nil, err
	}
	in := make([]retention.Snapshot, len(snaps))
	for i, sn := range snaps {
		in[i] = retention.Snapshot{Name: sn.Name, Time: sn.Created, Kind: retention.KindScheduled,
			State: retention.StateComplete, Holds: sn.Holds, NewBytes: sn.Used}
	}
	if others == nil {
		others = []api.SnapTaskOther{}
	}
	return &taskPlan{task: t, now: now, snaps: snaps, others: others, plan: retention.Make(in, rp, now, s.loc)}, nil
}

// check refuses a plan that breaks g (retention.Guard: token, max_delete,
// the share of the task's snapshots), as a 409 naming the field.
func (tp *taskPlan) check(g retention.Guard) error {
	err := g.Check(tp.plan, func(int) bool { return true }, "the task's")
	var ge *retention.GuardError
	if errors.As(err, &ge) {
		return &api.Error{Kind: api.KindConflict, Field: ge.Field, Message: ge.Message}
	}
	return err
}

// wire is the plan as the API shows it, newest first.
func (tp *taskPlan) wire() api.SnapTaskPlan {
	out := api.SnapTaskPlan{Task: tp.task.Name, Kind: tp.task.Kind, Target: tp.task.Target, Owner: Owner(tp.task.Name),
		Policy: tp.task.Retention, AsOf: tp.now.UTC(), Keep: tp.plan.Keep, Delete: tp.plan.Delete,
		FreedBytesEstimate: tp.plan.FreedEstimateBytes, PlanToken: tp.plan.Token, NotOwned: tp.others,
		Snapshots: make([]api.RetentionDecision, 0, len(tp.snaps))}
	for i := len(tp.snaps) - 1; i >= 0; i-- {
		sn, d := tp.snaps[i], tp.plan.Decisions[i]
		action := api.RetentionDelete
		if d.Keep {
			action = api.RetentionKeep
		}
		out.Snapshots = append(out.Snapshots, api.RetentionDecision{Name: sn.Name, Kind: retention.KindScheduled,
			State: retention.StateComplete, Time: sn.Created.UTC(), NewBytes: sn.Used, Action: action, Reasons: d.Reasons})
	}
	return out
}
