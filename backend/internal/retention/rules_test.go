package retention

import (
	"slices"
	"testing"
	"time"
)

// hourlyFor returns n complete scheduled snapshots, one an hour, newest
// first, the newest at newest.
func hourlyFor(newest string, n int) []Snapshot {
	top := instant(newest)
	snaps := make([]Snapshot, n)
	for i := range snaps {
		snaps[i] = scheduled(top.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339))
	}
	return snaps
}

func TestKeepLastKeepsTheNNewest(t *testing.T) {
	snaps := hourlyFor("2026-11-20T12:00:00Z", 6)
	plan := Make(snaps, Policy{KeepLast: 3, Kinds: PruneScheduled}, instant("2026-11-21T00:00:00Z"), time.UTC)
	want := []string{"2026-11-20T12:00:00Z", "2026-11-20T11:00:00Z", "2026-11-20T10:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if r := plan.Decisions[2].Reasons; !slices.Equal(r, []string{"keep-last: one of the 3 newest"}) {
		t.Errorf("reasons %q", r)
	}
}

func TestKeepWithinIncludesItsEdge(t *testing.T) {
	snaps := hourlyFor("2026-11-20T12:00:00Z", 6)
	now := instant("2026-11-20T14:00:00Z")
	plan := Make(snaps, Policy{KeepWithin: 4 * time.Hour, Kinds: PruneScheduled}, now, time.UTC)
	want := []string{"2026-11-20T12:00:00Z", "2026-11-20T11:00:00Z", "2026-11-20T10:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if r := plan.Decisions[2].Reasons; !slices.Equal(r, []string{"within keep-within 4h"}) {
		t.Errorf("reasons %q", r)
	}
}

func TestBucketsKeepTheNewestOfEach(t *testing.T) {
	// Six hours over two days: keep-daily keeps the last of each day.
	snaps := hourlyFor("2026-11-21T02:00:00Z", 6)
	plan := Make(snaps, Policy{KeepDaily: 5, Kinds: PruneScheduled}, instant("2026-11-22T00:00:00Z"), time.UTC)
	want := []string{"2026-11-21T02:00:00Z", "2026-11-20T23:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

func TestBucketsSkipPeriodsWithoutSnapshots(t *testing.T) {
	// The host was off for ten days: keep-daily 3 still keeps three days.
	snaps := []Snapshot{
		scheduled("2026-11-20T02:00:00Z"),
		scheduled("2026-11-10T02:00:00Z"),
		scheduled("2026-11-09T02:00:00Z"),
		scheduled("2026-11-08T02:00:00Z"),
	}
	plan := Make(snaps, Policy{KeepDaily: 3, Kinds: PruneScheduled}, instant("2026-11-20T12:00:00Z"), time.UTC)
	want := []string{"2026-11-20T02:00:00Z", "2026-11-10T02:00:00Z", "2026-11-09T02:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

func TestRulesGiveEveryReasonThatApplies(t *testing.T) {
	snaps := hourlyFor("2026-11-20T12:00:00Z", 3)
	p := Policy{KeepLast: 2, KeepHourly: 2, KeepDaily: 1, KeepWeekly: 1, KeepMonthly: 1, KeepYearly: 1,
		KeepWithin: 36 * time.Hour, Minimum: 1, Kinds: PruneScheduled}
	plan := Make(snaps, p, instant("2026-11-20T12:30:00Z"), time.UTC)
	want := []string{
		reasonNewest,
		"minimum: one of the 1 newest complete snapshots",
		"keep-last: one of the 2 newest",
		"within keep-within 1d12h",
		"keep-hourly: newest of 2026-11-20 12:00",
		"keep-daily: newest of 2026-11-20",
		"keep-weekly: newest of week 2026-W47",
		"keep-monthly: newest of 2026-11",
		"keep-yearly: newest of 2026",
	}
	if got := plan.Decisions[0].Reasons; !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
