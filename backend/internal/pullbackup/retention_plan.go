package pullbackup

import (
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
	"bams/backend/internal/snapstore"
)

// PlanOptions shape a retention preview. Zero values mean the stored
// policy's kinds, now, and the stored policy.
type PlanOptions struct {
	Kind  string               // scheduled, manual or all
	AsOf  time.Time            // plan as if it were then: what would be deleted on that date
	Draft *api.RetentionPolicy // preview this policy instead of the saved one
}

// hostPlan is one planning of a host: the records it was made from (in
// the planner's order) and the verdicts.
type hostPlan struct {
	policy api.RetentionPolicy
	source string
	kind   string
	now    time.Time
	snaps  []api.Snapshot
	plan   retention.Plan
}

// RetentionPlan previews retention for host: every snapshot's verdict
// with its reasons, and the token an apply must send back. It changes
// nothing.
func (s *Service) RetentionPlan(host string, o PlanOptions) (api.RetentionPlan, error) {
	if _, err := s.Host(host); err != nil {
		return api.RetentionPlan{}, err
	}
	var policy api.RetentionPolicy
	source := "draft"
	if o.Draft != nil {
		policy = *o.Draft
	} else {
		view, err := s.RetentionPolicy(host)
		if err != nil {
			return api.RetentionPlan{}, err
		}
		policy, source = view.Policy, view.Source
	}
	now := o.AsOf
	if now.IsZero() {
		now = time.Now()
	}
	hp, err := s.planHost(host, policy, source, o.Kind, now)
	if err != nil {
		return api.RetentionPlan{}, err
	}
	return hp.wire(host), nil
}

// planHost plans host's snapshot records under policy for kind ("" = the
// policy's kinds) at now.
func (s *Service) planHost(host string, policy api.RetentionPolicy, source, kind string, now time.Time) (*hostPlan, error) {
	rp, err := plannerPolicy(&policy)
	if err != nil {
		return nil, err
	}
	if kind == "" {
		kind = policy.Kinds
	}
	if err := validKind(kind); err != nil {
		return nil, err
	}
	rp.Kinds = kind
	snaps, err := s.snapshotRecords(host)
	if err != nil {
		return nil, err
	}
	in := make([]retention.Snapshot, len(snaps))
	for i, snap := range snaps {
		in[i] = plannerSnapshot(snap)
	}
	return &hostPlan{policy: policy, source: source, kind: kind, now: now, snaps: snaps,
		plan: retention.Make(in, rp, now, s.loc)}, nil
}

// validKind checks the kinds a plan or an apply is asked for.
func validKind(kind string) error {
	switch kind {
	case retention.PruneScheduled, retention.PruneManual, retention.PruneAll:
		return nil
	}
	return invalid("kind", "kind %q is not one of scheduled, manual, all", kind)
}

// plannerSnapshot is what the planner needs of a record. A snapshot was
// taken when its run started; a record without a start time (found by
// discover) has it in its name.
func plannerSnapshot(snap api.Snapshot) retention.Snapshot {
	out := retention.Snapshot{Name: snap.Name, Time: snapshotTime(snap), Kind: snap.Kind, State: snap.State,
		Base: snap.Base, NewBytes: snap.NewBytes}
	if p := snap.Protected; p != nil {
		out.Protected = &retention.Protection{By: p.By, At: p.At, Why: p.Why}
	}
	return out
}

func snapshotTime(snap api.Snapshot) time.Time {
	if snap.Started != nil {
		return *snap.Started
	}
	return snapstore.Time(snap.Name) // a name that is no time sorts oldest
}

// wire is the plan as the API shows it, newest first. The HTTP layer
// names the time zone (it knows the system's zone by name).
func (hp *hostPlan) wire(host string) api.RetentionPlan {
	out := api.RetentionPlan{Host: host, Kind: hp.kind, Policy: hp.policy, PolicySource: hp.source,
		AsOf: hp.now.UTC(), Keep: hp.plan.Keep, Delete: hp.plan.Delete,
		FreedBytesEstimate: hp.plan.FreedEstimateBytes, PlanToken: hp.plan.Token,
		Snapshots: make([]api.RetentionDecision, 0, len(hp.snaps))}
	// Records come oldest first (their names are UTC times).
	for i := len(hp.snaps) - 1; i >= 0; i-- {
		snap, d := &hp.snaps[i], hp.plan.Decisions[i]
		action := api.RetentionDelete
		if d.Keep {
			action = api.RetentionKeep
		}
		out.Snapshots = append(out.Snapshots, api.RetentionDecision{Name: snap.Name, Kind: snap.Kind, State: snap.State,
			Time: snapshotTime(*snap).UTC(), NewBytes: snap.NewBytes, Base: snap.Base, Protected: snap.Protected,
			Action: action, Reasons: d.Reasons})
	}
	return out
}
