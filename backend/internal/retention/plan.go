// Package retention plans which snapshots of one host to delete. It is
// pure: snapshots, a policy, "now" and the appliance's time zone go in; a
// decision for every snapshot comes out, each with every reason that
// applies. Deleting, locking and recording belong to the caller.
//
// A snapshot is kept when any of these holds, and deleted otherwise:
//   - a user protected it, or it is held (a ZFS hold: a replication's base);
//   - it is the newest complete snapshot, or that snapshot's base;
//   - it is one of the policy's minimum number of newest complete snapshots;
//   - its state is unknown (found on disk without a record) or not understood;
//   - it is dated after now (a wrong clock, or a folder named so): it never
//     counts as the newest, towards the minimum or in a bucket either, so
//     it cannot make the real snapshots look old;
//   - its kind is one the policy does not prune;
//   - it is a failed run newer than the newest complete snapshot;
//   - a keep rule of the policy picks it among the complete snapshots of
//     the kinds the policy prunes (failed and unknown ones never count).
package retention

import (
	"cmp"
	"slices"
	"time"
)

// Decision is the verdict on one snapshot.
type Decision struct {
	Name string
	Keep bool
	// Reasons lists every reason that applies; never empty. Decisions may
	// share these slices: read them, do not write to them.
	Reasons []string
}

// Plan is the verdict on every snapshot of a host.
type Plan struct {
	Decisions    []Decision // one per snapshot, in the order they were given
	Keep, Delete int
	// FreedEstimateBytes sums the NewBytes of the snapshots to delete. It
	// is an estimate and can be off either way: data a deleted snapshot
	// added may live on through hard links in a kept one, and data it
	// linked from a base that is deleted too is freed but not counted.
	FreedEstimateBytes int64
	// Token identifies the decisions (see token.go), so that an apply can
	// refuse when the snapshots or the policy changed since the preview.
	Token string
}

// Make decides for every snapshot at time now, with hourly, daily, ...
// buckets in loc (nil means UTC). It expects a policy that passed
// Validate; given another, it errs towards keeping: a count below zero
// keeps nothing more, and unknown kinds prune nothing. snaps is not
// modified, and its order does not matter to the decisions or the token.
func Make(snaps []Snapshot, p Policy, now time.Time, loc *time.Location) Plan {
	if loc == nil {
		loc = time.UTC
	}
	order := newestFirst(snaps)
	complete, pruned := completeSets(snaps, order, p, now, loc)

	reasons := make([][]string, len(snaps))
	mark := func(i int32, reason string) { reasons[i] = append(reasons[i], reason) }
	for i := range snaps {
		if snaps[i].Protected != nil {
			mark(int32(i), protectedReason(snaps[i].Protected, loc))
		}
		for _, tag := range snaps[i].Holds {
			mark(int32(i), heldReason(tag))
		}
	}
	if len(complete.order) > 0 {
		markNewest(snaps, complete.order[0], mark)
	}
	markOutOfReach(snaps, order, p, now, len(complete.order) > 0, mark)
	if p.Minimum > 0 {
		newest{p.Minimum, minimumReason(p.Minimum)}.keep(complete, mark)
	}
	for _, rule := range p.rules(now) {
		rule.keep(pruned, mark)
	}
	return conclude(snaps, order, reasons)
}

// completeSets gathers the complete snapshots up to now, newest first:
// all of them for the minimum, which counts restore points of every kind,
// and those of the kinds p prunes for the keep rules to choose among.
func completeSets(snaps []Snapshot, order []int32, p Policy, now time.Time, loc *time.Location) (complete, pruned *snapshotSet) {
	complete = &snapshotSet{snaps: snaps, loc: loc, order: make([]int32, 0, len(order))}
	pruned = &snapshotSet{snaps: snaps, loc: loc, order: make([]int32, 0, len(order))}
	for _, i := range order {
		if snaps[i].State == StateComplete && !snaps[i].Time.After(now) {
			complete.order = append(complete.order, i)
			if p.prunes(snaps[i].Kind) {
				pruned.order = append(pruned.order, i)
			}
		}
	}
	return complete, pruned
}

// markNewest keeps the newest complete snapshot and its base: the next
// run links against the newest, which was itself linked against its base.
func markNewest(snaps []Snapshot, top int32, mark func(int32, string)) {
	mark(top, reasonNewest)
	base := snaps[top].Base
	if base == "" {
		return
	}
	for i := range snaps {
		if snaps[i].Name == base && int32(i) != top {
			mark(int32(i), baseReason(snaps[top].Name))
		}
	}
}

// markOutOfReach keeps what the policy may not delete whatever its rules
// say: states and kinds it does not prune, and failed runs since the
// newest complete snapshot, which are the host's story until a run
// succeeds.
func markOutOfReach(snaps []Snapshot, order []int32, p Policy, now time.Time, anyComplete bool, mark func(int32, string)) {
	// Worded once for the two kinds there are, not once per snapshot.
	scheduled, manual := scopeReason(KindScheduled, p.Kinds), scopeReason(KindManual, p.Kinds)
	outOfScope := func(kind string) string {
		switch kind {
		case KindScheduled:
			return scheduled
		case KindManual:
			return manual
		}
		return scopeReason(kind, p.Kinds)
	}
	seenComplete := false // walking newest first: passed the newest complete one
	for _, i := range order {
		s := &snaps[i]
		pruned := p.prunes(s.Kind)
		switch {
		case s.Time.After(now):
			mark(i, reasonFuture)
		case s.State == StateComplete:
			seenComplete = true
			if !pruned {
				mark(i, outOfScope(s.Kind))
			}
		case s.State == StateUnknown:
			mark(i, reasonUnknown)
		case s.State != StateFailed:
			mark(i, oddStateReason(s.State))
		case !pruned:
			mark(i, outOfScope(s.Kind))
		case !anyComplete:
			mark(i, reasonFailedAlone)
		case !seenComplete:
			mark(i, reasonFailedLatest)
		}
	}
}

// conclude turns the reasons gathered into decisions: a snapshot no one
// gave a reason to keep is deleted, and told why.
func conclude(snaps []Snapshot, order []int32, reasons [][]string) Plan {
	plan := Plan{Decisions: make([]Decision, len(snaps))}
	// The deleted share their few sentences, rather than allocating a
	// slice per snapshot; full slices, so an append copies instead of
	// writing into a neighbour's reasons.
	noRule := []string{reasonNoRule}
	failedOld := []string{reasonFailedNoData, reasonFailedOutdone}
	for i, s := range snaps {
		d := Decision{Name: s.Name, Keep: len(reasons[i]) > 0, Reasons: reasons[i]}
		switch {
		case d.Keep:
			plan.Keep++
		case s.State == StateFailed:
			d.Reasons = failedOld
		default:
			d.Reasons = noRule
		}
		if !d.Keep {
			plan.Delete++
			plan.FreedEstimateBytes += s.NewBytes
		}
		plan.Decisions[i] = d
	}
	plan.Token = token(order, plan.Decisions)
	return plan
}

// newestFirst returns the indices of snaps from the newest to the oldest,
// leaving snaps itself in the caller's order. Equal times are ordered by
// name, so the result does not depend on the order snaps came in.
func newestFirst(snaps []Snapshot) []int32 {
	type key struct {
		sec   int64
		nsec  int32
		index int32
	}
	keys := make([]key, len(snaps))
	for i, s := range snaps {
		keys[i] = key{s.Time.Unix(), int32(s.Time.Nanosecond()), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.sec != b.sec {
			return cmp.Compare(b.sec, a.sec)
		}
		if a.nsec != b.nsec {
			return cmp.Compare(b.nsec, a.nsec)
		}
		// Rare enough to afford looking the names up.
		return cmp.Or(cmp.Compare(snaps[b.index].Name, snaps[a.index].Name), cmp.Compare(a.index, b.index))
	})
	order := make([]int32, len(keys))
	for i, k := range keys {
		order[i] = k.index
	}
	return order
}
