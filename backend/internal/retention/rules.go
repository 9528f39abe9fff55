package retention

import "time"

// A keepRule picks from a set of snapshots the ones it keeps, each with
// the reason it gives. Rules never see each other's picks (zrepl's
// pruning, not Proxmox's chained selections): a snapshot is deleted only
// when no rule keeps it, so raising one rule's count can only keep more,
// and what a plan keeps is still kept once the plan's deletes are done.
type keepRule interface {
	keep(set *snapshotSet, mark func(index int32, reason string))
}

// snapshotSet is what a rule chooses from: some of the caller's snapshots,
// newest first. It computes each member's calendar once, on first use,
// since bucket rules stop early and share the figures.
type snapshotSet struct {
	snaps     []Snapshot
	order     []int32 // indices into snaps, newest first
	loc       *time.Location
	calendars []calendar // of order[0], order[1], ..., as far as asked
}

func (s *snapshotSet) calendar(pos int) calendar {
	if s.calendars == nil {
		s.calendars = make([]calendar, 0, len(s.order))
	}
	for len(s.calendars) <= pos {
		next := s.snaps[s.order[len(s.calendars)]].Time
		s.calendars = append(s.calendars, calendarOf(next, s.loc))
	}
	return s.calendars[pos]
}

// newest keeps the n newest members: keep-last, and the minimum.
type newest struct {
	n      int
	reason string
}

func (r newest) keep(set *snapshotSet, mark func(int32, string)) {
	for _, index := range set.order[:min(max(r.n, 0), len(set.order))] {
		mark(index, r.reason)
	}
}

// within keeps every member taken at or after since.
type within struct {
	since  time.Time
	reason string
}

func (r within) keep(set *snapshotSet, mark func(int32, string)) {
	for _, index := range set.order {
		if set.snaps[index].Time.Before(r.since) {
			break
		}
		mark(index, r.reason)
	}
}

// buckets keeps the newest member of each of the n most recent buckets
// that hold a member. Empty buckets do not count, so a host that was off
// for a week still keeps n daily snapshots. Deleting what a plan did not
// keep empties no bucket the plan kept and pushes none of them out of the
// n most recent, so re-planning after an apply keeps the same snapshots.
type buckets struct {
	period period
	n      int
}

func (r buckets) keep(set *snapshotSet, mark func(int32, string)) {
	if r.n <= 0 {
		return
	}
	// A set, not a comparison with the previous key: where a zone's clock
	// jumps back across a bucket boundary, a bucket can recur after a
	// newer one, and its older members must not count as a new bucket.
	seen := make(map[int64]struct{}, min(r.n, len(set.order)))
	for pos, index := range set.order {
		c := set.calendar(pos)
		key := r.period.key(c)
		if _, ok := seen[key]; ok {
			continue
		}
		if len(seen) == r.n {
			break
		}
		seen[key] = struct{}{}
		mark(index, bucketReason(r.period, c))
	}
}

// rules turns the policy's counts into the keep rules that choose among
// the snapshots it prunes. The minimum is not among them: it chooses among
// complete snapshots of every kind (see Make).
func (p Policy) rules(now time.Time) []keepRule {
	var rules []keepRule
	if p.KeepLast > 0 {
		rules = append(rules, newest{p.KeepLast, keepLastReason(p.KeepLast)})
	}
	if p.KeepWithin > 0 {
		rules = append(rules, within{now.Add(-p.KeepWithin), keepWithinReason(p.KeepWithin)})
	}
	for i, n := range [...]int{p.KeepHourly, p.KeepDaily, p.KeepWeekly, p.KeepMonthly, p.KeepYearly} {
		if n > 0 {
			rules = append(rules, buckets{period(i), n})
		}
	}
	return rules
}
