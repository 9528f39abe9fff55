package retention

import (
	"slices"
	"testing"
	"time"
)

// nothingWithin is a policy whose one rule keeps nothing in these tests,
// so only the safety rules under test keep anything.
func nothingWithin(kinds string) Policy {
	return Policy{KeepWithin: time.Minute, Kinds: kinds}
}

// later is a "now" after every snapshot in these tests.
func later() time.Time { return instant("2027-06-01T00:00:00Z") }

func TestNewestCompleteIsNeverDeleted(t *testing.T) {
	snaps := []Snapshot{
		with(scheduled("2026-11-20T04:00:00Z"), func(s *Snapshot) { s.State = StateUnknown }),
		with(scheduled("2026-11-20T03:00:00Z"), func(s *Snapshot) { s.State = StateFailed }),
		scheduled("2026-11-20T02:00:00Z"),
		scheduled("2026-11-19T02:00:00Z"),
	}
	got := decisions(Make(snaps, nothingWithin(PruneScheduled), later(), time.UTC))
	if d := got["2026-11-20T02:00:00Z"]; !d.Keep || !slices.Equal(d.Reasons, []string{reasonNewest}) {
		t.Errorf("newest complete: %+v", d)
	}
	if d := got["2026-11-20T04:00:00Z"]; slices.Contains(d.Reasons, reasonNewest) {
		t.Errorf("an unknown snapshot counted as the newest complete one: %+v", d)
	}
	if d := got["2026-11-19T02:00:00Z"]; d.Keep {
		t.Errorf("older complete kept: %+v", d)
	}
}

func TestBaseOfTheNewestIsNeverDeleted(t *testing.T) {
	snaps := []Snapshot{
		with(scheduled("2026-11-20T02:00:00Z"), func(s *Snapshot) { s.Base = "2026-11-17T02:00:00Z" }),
		with(scheduled("2026-11-19T02:00:00Z"), func(s *Snapshot) { s.Base = "2026-11-18T02:00:00Z" }),
		scheduled("2026-11-18T02:00:00Z"),
		scheduled("2026-11-17T02:00:00Z"),
	}
	got := decisions(Make(snaps, nothingWithin(PruneScheduled), later(), time.UTC))
	want := []string{"base of the newest complete snapshot, 2026-11-20T02:00:00Z"}
	if d := got["2026-11-17T02:00:00Z"]; !d.Keep || !slices.Equal(d.Reasons, want) {
		t.Errorf("base of the newest: %+v", d)
	}
	// Only the newest one's base: older snapshots' bases are not pinned.
	if d := got["2026-11-18T02:00:00Z"]; d.Keep {
		t.Errorf("base of an older snapshot kept: %+v", d)
	}
}

func TestProtectedIsNeverDeleted(t *testing.T) {
	pin := &Protection{By: "backupadm", At: instant("2026-11-02T10:00:00Z")}
	snaps := []Snapshot{
		scheduled("2026-11-20T02:00:00Z"),
		with(scheduled("2026-11-01T02:00:00Z"), func(s *Snapshot) { s.Protected = pin }),
		with(scheduled("2026-10-01T02:00:00Z"), func(s *Snapshot) { s.Protected = pin; s.State = StateFailed }),
	}
	got := decisions(Make(snaps, nothingWithin(PruneAll), later(), time.UTC))
	for _, name := range []string{"2026-11-01T02:00:00Z", "2026-10-01T02:00:00Z"} {
		if d := got[name]; !d.Keep || !slices.Equal(d.Reasons, []string{"protected by user backupadm on 2026-11-02"}) {
			t.Errorf("%s: %+v", name, d)
		}
	}
}

func TestKindsThePolicyDoesNotPruneAreNeverDeleted(t *testing.T) {
	manual := func(when string) Snapshot {
		return with(scheduled(when), func(s *Snapshot) { s.Kind = KindManual })
	}
	snaps := []Snapshot{
		scheduled("2026-11-20T02:00:00Z"),
		scheduled("2026-11-19T02:00:00Z"),
		manual("2026-11-18T02:00:00Z"),
		with(scheduled("2026-11-17T02:00:00Z"), func(s *Snapshot) { s.Kind = "cron" }),
	}
	for _, tc := range []struct {
		kinds string
		keeps map[string]string // name: the reason it is kept, "" if deleted
	}{
		{PruneScheduled, map[string]string{
			"2026-11-19T02:00:00Z": "",
			"2026-11-18T02:00:00Z": "manual snapshot: the policy prunes only scheduled snapshots",
		}},
		{PruneManual, map[string]string{
			"2026-11-19T02:00:00Z": "scheduled snapshot: the policy prunes only manual snapshots",
			"2026-11-18T02:00:00Z": "",
		}},
		{PruneAll, map[string]string{"2026-11-19T02:00:00Z": "", "2026-11-18T02:00:00Z": ""}},
		{"", map[string]string{
			"2026-11-19T02:00:00Z": `the policy's kinds "" are not understood: retention deletes nothing`,
			"2026-11-18T02:00:00Z": `the policy's kinds "" are not understood: retention deletes nothing`,
		}},
	} {
		got := decisions(Make(snaps, nothingWithin(tc.kinds), later(), time.UTC))
		for name, reason := range tc.keeps {
			if d := got[name]; d.Keep != (reason != "") || d.Keep && !slices.Equal(d.Reasons, []string{reason}) {
				t.Errorf("kinds %q, %s: %+v", tc.kinds, name, d)
			}
		}
		if d := got["2026-11-17T02:00:00Z"]; !d.Keep || d.Reasons[0] != `kind "cron" not understood: retention never deletes it` {
			t.Errorf("kinds %q, unknown kind: %+v", tc.kinds, d)
		}
	}
}

func TestUnknownIsNeverDeleted(t *testing.T) {
	snaps := []Snapshot{
		scheduled("2026-11-20T02:00:00Z"),
		with(scheduled("2026-11-10T02:00:00Z"), func(s *Snapshot) { s.State = StateUnknown }),
		with(scheduled("2026-11-09T02:00:00Z"), func(s *Snapshot) { s.State = "partial" }),
	}
	got := decisions(Make(snaps, nothingWithin(PruneAll), later(), time.UTC))
	if d := got["2026-11-10T02:00:00Z"]; !d.Keep || !slices.Equal(d.Reasons, []string{reasonUnknown}) {
		t.Errorf("unknown: %+v", d)
	}
	if d := got["2026-11-09T02:00:00Z"]; !d.Keep || !slices.Equal(d.Reasons, []string{`state "partial" not understood: retention never deletes it`}) {
		t.Errorf("odd state: %+v", d)
	}
}

func TestFailedNeverCountsTowardAKeepRule(t *testing.T) {
	failed := func(when string) Snapshot {
		return with(scheduled(when), func(s *Snapshot) { s.State = StateFailed })
	}
	snaps := []Snapshot{
		scheduled("2026-11-20T12:00:00Z"),
		failed("2026-11-19T23:00:00Z"), // newest of its day, but holds no data
		scheduled("2026-11-19T01:00:00Z"),
		scheduled("2026-11-18T01:00:00Z"),
	}
	plan := Make(snaps, Policy{KeepLast: 2, KeepDaily: 2, Kinds: PruneScheduled}, later(), time.UTC)
	want := []string{"2026-11-20T12:00:00Z", "2026-11-19T01:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if d := plan.Decisions[1]; !slices.Equal(d.Reasons, []string{reasonFailedNoData, reasonFailedOutdone}) {
		t.Errorf("failed record: %+v", d)
	}
}

func TestFailedRunsAreKeptUntilARunSucceeds(t *testing.T) {
	failed := func(when string) Snapshot {
		return with(scheduled(when), func(s *Snapshot) { s.State = StateFailed })
	}
	alone := []Snapshot{failed("2026-11-20T02:00:00Z"), failed("2026-11-19T02:00:00Z")}
	for _, d := range Make(alone, nothingWithin(PruneScheduled), later(), time.UTC).Decisions {
		if !d.Keep || !slices.Equal(d.Reasons, []string{reasonFailedAlone}) {
			t.Errorf("no complete snapshot yet: %+v", d)
		}
	}
	since := []Snapshot{failed("2026-11-21T02:00:00Z"), scheduled("2026-11-20T02:00:00Z"), failed("2026-11-19T02:00:00Z")}
	got := Make(since, nothingWithin(PruneScheduled), later(), time.UTC).Decisions
	if !got[0].Keep || !slices.Equal(got[0].Reasons, []string{reasonFailedLatest}) {
		t.Errorf("failed since the newest complete: %+v", got[0])
	}
	if got[2].Keep {
		t.Errorf("failed before the newest complete: %+v", got[2])
	}
}

func TestNeverBelowTheMinimum(t *testing.T) {
	// The minimum counts restore points of every kind: a manual snapshot
	// is one even when the policy prunes only scheduled ones.
	snaps := []Snapshot{
		scheduled("2026-11-20T02:00:00Z"),
		with(scheduled("2026-11-19T02:00:00Z"), func(s *Snapshot) { s.Kind = KindManual }),
		scheduled("2026-11-18T02:00:00Z"),
		scheduled("2026-11-17T02:00:00Z"),
		scheduled("2026-11-16T02:00:00Z"),
	}
	p := nothingWithin(PruneScheduled)
	p.Minimum = 3
	plan := Make(snaps, p, later(), time.UTC)
	want := []string{"2026-11-20T02:00:00Z", "2026-11-19T02:00:00Z", "2026-11-18T02:00:00Z"}
	if got := kept(plan); !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if r := plan.Decisions[2].Reasons; !slices.Equal(r, []string{"minimum: one of the 3 newest complete snapshots"}) {
		t.Errorf("reasons %q", r)
	}
	p.Minimum = 10
	if plan := Make(snaps, p, later(), time.UTC); plan.Delete != 0 {
		t.Errorf("minimum 10 of 5 deleted %d", plan.Delete)
	}
}

func TestPlanFollowsInputOrderAndSums(t *testing.T) {
	snaps := []Snapshot{
		with(scheduled("2026-11-17T02:00:00Z"), func(s *Snapshot) { s.NewBytes = 100 }),
		with(scheduled("2026-11-20T02:00:00Z"), func(s *Snapshot) { s.NewBytes = 1000 }),
		with(scheduled("2026-11-18T02:00:00Z"), func(s *Snapshot) { s.NewBytes = 20 }),
		with(scheduled("2026-11-19T02:00:00Z"), func(s *Snapshot) { s.NewBytes = 3 }),
	}
	plan := Make(snaps, Policy{KeepLast: 2, Kinds: PruneScheduled}, later(), time.UTC)
	var names []string
	for _, d := range plan.Decisions {
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{snaps[0].Name, snaps[1].Name, snaps[2].Name, snaps[3].Name}) {
		t.Errorf("decisions out of input order: %v", names)
	}
	if plan.Keep != 2 || plan.Delete != 2 || plan.FreedEstimateBytes != 120 {
		t.Errorf("keep %d, delete %d, freed %d; want 2, 2, 120", plan.Keep, plan.Delete, plan.FreedEstimateBytes)
	}
}

func TestEmptyAndNilZone(t *testing.T) {
	if plan := Make(nil, DefaultPolicy(), later(), nil); len(plan.Decisions) != 0 || plan.Token == "" {
		t.Errorf("empty plan: %+v", plan)
	}
	snaps := []Snapshot{scheduled("2026-11-20T23:30:00Z"), scheduled("2026-11-20T00:30:00Z")}
	p := Policy{KeepDaily: 2, Kinds: PruneScheduled}
	if a, b := Make(snaps, p, later(), nil), Make(snaps, p, later(), time.UTC); a.Token != b.Token {
		t.Errorf("nil zone differs from UTC")
	}
}

// A held snapshot is kept, with the hold's tag as the reason, even when no
// rule would keep it.
func TestHeldSnapshotIsKeptNamingItsHold(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	snaps := []Snapshot{
		{Name: "old", Time: now.Add(-72 * time.Hour), Kind: KindScheduled, State: StateComplete, Holds: []string{"bams:replication:offsite"}},
		{Name: "mid", Time: now.Add(-48 * time.Hour), Kind: KindScheduled, State: StateComplete},
		{Name: "new", Time: now.Add(-time.Hour), Kind: KindScheduled, State: StateComplete},
	}
	plan := Make(snaps, Policy{KeepLast: 1, Kinds: PruneScheduled}, now, nil)
	if !plan.Decisions[0].Keep || !slices.Contains(plan.Decisions[0].Reasons, "held by bams:replication:offsite") {
		t.Errorf("held snapshot: %+v", plan.Decisions[0])
	}
	if plan.Decisions[1].Keep {
		t.Errorf("an unheld old snapshot was kept: %+v", plan.Decisions[1])
	}
}
