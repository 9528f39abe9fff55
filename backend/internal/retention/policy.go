package retention

import (
	"fmt"
	"time"
)

// Which kinds of snapshot a policy prunes.
const (
	PruneScheduled = KindScheduled
	PruneManual    = KindManual
	PruneAll       = "all"
)

// Policy says which snapshots of one host to keep. Every rule keeps some
// snapshots independently of the others; a snapshot the policy prunes is
// deleted only when no rule keeps it. A zero count turns its rule off.
//
// Kinds is also the planner's scope: to preview pruning of another kind
// selection than the stored policy's (the plan endpoint's "kind"), the
// caller sets Kinds on its copy of the policy. One notion of scope keeps
// Make's signature small and a preview identical to the apply it precedes.
type Policy struct {
	KeepLast    int           // the N newest
	KeepHourly  int           // the newest of each of the N most recent hours with a snapshot
	KeepDaily   int           // ... days
	KeepWeekly  int           // ... ISO weeks (Monday to Sunday)
	KeepMonthly int           // ... calendar months
	KeepYearly  int           // ... calendar years
	KeepWithin  time.Duration // every snapshot taken at most this long before now
	// Minimum keeps the N newest complete snapshots of any kind, so that
	// a host never drops below N restore points whatever the rules say.
	Minimum int
	Kinds   string // PruneScheduled, PruneManual or PruneAll
}

// DefaultPolicy is a week of daily snapshots, a month of weekly ones and
// half a year of monthly ones, never fewer than three restore points.
// It prunes scheduled snapshots only: a manual snapshot was taken on
// purpose, so it stays until an admin deletes it or widens the policy.
func DefaultPolicy() Policy {
	return Policy{KeepDaily: 7, KeepWeekly: 4, KeepMonthly: 6, Minimum: 3, Kinds: PruneScheduled}
}

// ValidationError names the policy field that is wrong, by its snake_case
// wire name ("keep_daily"; "policy" when only the whole is wrong), so the
// HTTP layer can answer 400 with the field named.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// Validate reports the first field that makes the policy unusable.
func (p Policy) Validate() error {
	counts := []struct {
		field string
		n     int
	}{
		{"keep_last", p.KeepLast}, {"keep_hourly", p.KeepHourly}, {"keep_daily", p.KeepDaily},
		{"keep_weekly", p.KeepWeekly}, {"keep_monthly", p.KeepMonthly}, {"keep_yearly", p.KeepYearly},
		{"minimum", p.Minimum},
	}
	for _, c := range counts {
		if c.n < 0 {
			return &ValidationError{c.field, fmt.Sprintf("%d is negative; 0 turns the rule off", c.n)}
		}
	}
	switch {
	case p.KeepWithin < 0:
		return &ValidationError{"keep_within", fmt.Sprintf("%s is negative; 0 turns the rule off", p.KeepWithin)}
	case p.KeepWithin > 0 && p.KeepWithin < time.Minute:
		// A bare JSON number decodes to nanoseconds: "7" would keep nothing.
		return &ValidationError{"keep_within", fmt.Sprintf("%s is under a minute, likely a unit mistake; 0 turns the rule off", p.KeepWithin)}
	}
	if p.Kinds != PruneScheduled && p.Kinds != PruneManual && p.Kinds != PruneAll {
		return &ValidationError{"kinds", fmt.Sprintf("%q is not one of scheduled, manual, all", p.Kinds)}
	}
	if (p == Policy{Kinds: p.Kinds}) {
		// Every field is valid alone, but together they would delete all
		// but the newest snapshot: refuse rather than guess (Proxmox keeps
		// everything in that case; deleting is the surprise to avoid).
		return &ValidationError{"policy", "no keep rule and no minimum set: the policy would delete every snapshot but the newest"}
	}
	return nil
}

// prunes reports whether the policy may delete snapshots of this kind.
// Unknown kinds, of the snapshot or of the policy, are never pruned.
func (p Policy) prunes(kind string) bool {
	switch p.Kinds {
	case PruneAll:
		return kind == KindScheduled || kind == KindManual
	case PruneScheduled, PruneManual:
		return kind == p.Kinds
	}
	return false
}
