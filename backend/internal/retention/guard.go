package retention

import "fmt"

// Guard is what every apply of a plan checks on a plan made afresh, right
// before it deletes anything: the plan is still the one reviewed, it
// deletes no more than the caller agreed to, and no more than a share of
// the snapshots at once (the one limit a mistaken policy cannot lift).
// The hosts' retention and the snapshot tasks' pruning share it.
type Guard struct {
	Token     string  // the reviewed plan's; "" where no one reviewed one (a prune after a run)
	MaxDelete int     // the most snapshots the plan may delete
	MaxShare  float64 // the most of the counted snapshots it may delete, 0 to 1
}

// GuardError says which limit refused the plan, by the apply's wire
// field ("plan_token" or "max_delete"). Nothing was deleted.
type GuardError struct{ Field, Message string }

func (e *GuardError) Error() string { return e.Field + ": " + e.Message }

// Check refuses plan when it breaks a limit. counted says which of the
// plan's snapshots count towards the share (complete ones), and whose
// names their owner in the message ("the host's").
func (g Guard) Check(plan Plan, counted func(i int) bool, whose string) error {
	if g.Token != "" && plan.Token != g.Token {
		return &GuardError{"plan_token", "the plan changed since it was shown " +
			"(new snapshots, another policy, or time moved a snapshot out of a rule): nothing was deleted; review the new plan and apply its token"}
	}
	if plan.Delete > g.MaxDelete {
		return &GuardError{"max_delete", fmt.Sprintf("the plan deletes %d snapshots, more than max_delete %d: nothing was deleted", plan.Delete, g.MaxDelete)}
	}
	all, deleted := 0, 0
	for i, d := range plan.Decisions {
		if counted(i) {
			all++
			if !d.Keep {
				deleted++
			}
		}
	}
	if allowed := int(g.MaxShare * float64(all)); deleted > allowed {
		return &GuardError{"max_delete", fmt.Sprintf(
			"the plan deletes %d of %s %d complete snapshots, more than retention.max_delete_share (%g) allows at once (%d): "+
				"nothing was deleted; check the policy, or raise the share in bamsd's config", deleted, whose, all, g.MaxShare, allowed)}
	}
	return nil
}
