package retention

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The property tests plan thousands of random snapshot sets under random
// policies, from a fixed seed so a failure replays, and check what must
// hold for every plan.

const propertyCases = 3000

type propertyCase struct {
	snaps []Snapshot
	p     Policy
	now   time.Time
	loc   *time.Location
}

func (c propertyCase) plan() Plan { return Make(c.snaps, c.p, c.now, c.loc) }

func (c propertyCase) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy %+v, now %s, zone %s\n", c.p, c.now.Format(time.RFC3339), c.loc)
	for _, s := range c.snaps {
		fmt.Fprintf(&b, "  %s %s %s %s base=%q protected=%v\n", s.Name, s.Time.Format(time.RFC3339), s.Kind, s.State, s.Base, s.Protected != nil)
	}
	return b.String()
}

// forEachCase runs check on propertyCases random cases.
func forEachCase(t *testing.T, check func(t *testing.T, c propertyCase)) {
	zones := []*time.Location{time.UTC, zone(t, "America/New_York"), zone(t, "Asia/Kathmandu"),
		zone(t, "Australia/Lord_Howe"), zone(t, "America/Goose_Bay")}
	r := rand.New(rand.NewPCG(2026, 11))
	for range propertyCases {
		c := randomCase(r, zones)
		check(t, c)
		if t.Failed() {
			t.Fatalf("case:\n%s", c)
		}
	}
}

func randomCase(r *rand.Rand, zones []*time.Location) propertyCase {
	// One spacing per case, so hourly sets and yearly sets both occur.
	spacing := []time.Duration{time.Minute * 17, time.Hour, 7 * time.Hour, 24 * time.Hour, 9 * 24 * time.Hour, 70 * 24 * time.Hour}[r.IntN(6)]
	now := time.Date(1999+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	n := r.IntN(60)
	snaps := make([]Snapshot, n)
	for i := range snaps {
		s := Snapshot{Name: fmt.Sprintf("snap-%03d", i), NewBytes: r.Int64N(1 << 30)}
		s.Time = now.Add(-time.Duration(r.Int64N(int64(n+1) * int64(spacing))))
		if i > 0 && r.IntN(10) == 0 { // same time as another
			s.Time = snaps[r.IntN(i)].Time
		}
		if r.IntN(20) == 0 { // a clock ahead of now
			s.Time = now.Add(time.Duration(r.Int64N(int64(spacing))))
		}
		s.Kind = pick(r, []string{KindScheduled, KindScheduled, KindScheduled, KindManual, KindManual, "odd"}, 6)
		s.State = pick(r, []string{StateComplete, StateComplete, StateComplete, StateFailed, StateUnknown, "odd"}, 6)
		switch r.IntN(10) {
		case 0, 1, 2, 3, 4:
			s.Base = fmt.Sprintf("snap-%03d", r.IntN(n))
		case 5:
			s.Base = "gone"
		}
		if r.IntN(12) == 0 {
			s.Protected = &Protection{By: "backupadm", At: now, Why: "test"}
		}
		snaps[i] = s
	}
	count := func() int {
		if r.IntN(2) == 0 {
			return 0
		}
		return 1 + r.IntN(6)
	}
	p := Policy{KeepLast: count(), KeepHourly: count(), KeepDaily: count(), KeepWeekly: count(),
		KeepMonthly: count(), KeepYearly: count(), Minimum: count(),
		Kinds: pick(r, []string{PruneScheduled, PruneManual, PruneAll, ""}, 4)}
	if r.IntN(2) == 0 {
		p.KeepWithin = time.Duration(r.Int64N(int64(n+1) * int64(spacing)))
	}
	return propertyCase{snaps, p, now, zones[r.IntN(len(zones))]}
}

func pick(r *rand.Rand, from []string, n int) string { return from[r.IntN(n)] }

// prunable says, independently of the planner's code, which snapshots a
// policy may delete at all at now.
func prunable(s Snapshot, kinds string, now time.Time) bool {
	if s.Protected != nil || s.State != StateComplete && s.State != StateFailed || s.Time.After(now) {
		return false
	}
	switch kinds {
	case PruneAll:
		return s.Kind == KindScheduled || s.Kind == KindManual
	case PruneScheduled, PruneManual:
		return s.Kind == kinds
	}
	return false
}

// newestComplete finds the newest complete snapshot up to now the obvious way.
func newestComplete(snaps []Snapshot, now time.Time) (Snapshot, bool) {
	var newest Snapshot
	found := false
	for _, s := range snaps {
		if s.State != StateComplete || s.Time.After(now) {
			continue
		}
		if !found || s.Time.After(newest.Time) || s.Time.Equal(newest.Time) && s.Name > newest.Name {
			newest, found = s, true
		}
	}
	return newest, found
}

func TestPropertySafetyRules(t *testing.T) {
	forEachCase(t, func(t *testing.T, c propertyCase) {
		plan := c.plan()
		newest, hasNewest := newestComplete(c.snaps, c.now)
		completes, keptCompletes, deletes := 0, 0, 0
		var freed int64
		for i, s := range c.snaps {
			d := plan.Decisions[i]
			if d.Name != s.Name || len(d.Reasons) == 0 {
				t.Fatalf("decision %d: %+v for %s", i, d, s.Name)
			}
			if !d.Keep {
				deletes++
				freed += s.NewBytes
				if !prunable(s, c.p.Kinds, c.now) {
					t.Errorf("%s deleted, but the policy may not delete it: %+v", s.Name, d)
				}
				if hasNewest && (s.Name == newest.Name || s.Name == newest.Base) {
					t.Errorf("%s deleted: the newest complete snapshot or its base", s.Name)
				}
			}
			if s.State == StateComplete && !s.Time.After(c.now) {
				completes++
				if d.Keep {
					keptCompletes++
				}
			}
			if s.State == StateFailed {
				for _, reason := range d.Reasons {
					if strings.HasPrefix(reason, "keep-") || strings.HasPrefix(reason, "within") || strings.HasPrefix(reason, "minimum") {
						t.Errorf("failed %s counted toward a rule: %q", s.Name, reason)
					}
				}
			}
		}
		if keptCompletes < min(c.p.Minimum, completes) {
			t.Errorf("kept %d complete snapshots, minimum %d of %d", keptCompletes, c.p.Minimum, completes)
		}
		if plan.Delete != deletes || plan.Keep != len(c.snaps)-deletes || plan.FreedEstimateBytes != freed {
			t.Errorf("counts: %d kept, %d deleted, %d freed; want %d, %d, %d", plan.Keep, plan.Delete, plan.FreedEstimateBytes, len(c.snaps)-deletes, deletes, freed)
		}
	})
}

func TestPropertyDeterministicAndInputUntouched(t *testing.T) {
	forEachCase(t, func(t *testing.T, c propertyCase) {
		before := deepCopy(c.snaps)
		first := c.plan()
		if !reflect.DeepEqual(c.snaps, before) {
			t.Fatal("Make modified its input")
		}
		if second := c.plan(); !reflect.DeepEqual(first, second) {
			t.Fatal("two plans of the same input differ")
		}
		shuffled := deepCopy(c.snaps)
		rand.New(rand.NewPCG(1, uint64(len(shuffled)))).Shuffle(len(shuffled), func(i, j int) {
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		})
		again := Make(shuffled, c.p, c.now, c.loc)
		if again.Token != first.Token || !reflect.DeepEqual(decisions(again), decisions(first)) {
			t.Fatal("the order of the input changed the plan")
		}
	})
}

func deepCopy(snaps []Snapshot) []Snapshot {
	out := slices.Clone(snaps)
	for i := range out {
		if out[i].Protected != nil {
			pin := *out[i].Protected
			out[i].Protected = &pin
		}
	}
	return out
}

func TestPropertyApplyingAPlanIsStable(t *testing.T) {
	forEachCase(t, func(t *testing.T, c propertyCase) {
		plan := c.plan()
		var left []Snapshot
		for i, d := range plan.Decisions {
			if d.Keep {
				left = append(left, c.snaps[i])
			}
		}
		if again := Make(left, c.p, c.now, c.loc); again.Delete != 0 {
			t.Errorf("re-planning after the apply deletes %d more", again.Delete)
		}
	})
}

func TestPropertyFailedRecordsChangeNoOtherDecision(t *testing.T) {
	forEachCase(t, func(t *testing.T, c propertyCase) {
		with := decisions(c.plan())
		var rest []Snapshot
		for _, s := range c.snaps {
			if s.State != StateFailed {
				rest = append(rest, s)
			}
		}
		for name, d := range decisions(Make(rest, c.p, c.now, c.loc)) {
			if !reflect.DeepEqual(with[name], d) {
				t.Errorf("%s: %+v with failed records, %+v without", name, with[name], d)
			}
		}
	})
}

func TestPropertyRaisingACountKeepsAtLeastAsMuch(t *testing.T) {
	// A slice, not a map: the raises draw from r in a fixed order.
	raises := []struct {
		name  string
		raise func(*Policy, *rand.Rand)
	}{
		{"keep-last", func(p *Policy, r *rand.Rand) { p.KeepLast += 1 + r.IntN(3) }},
		{"keep-hourly", func(p *Policy, r *rand.Rand) { p.KeepHourly += 1 + r.IntN(3) }},
		{"keep-daily", func(p *Policy, r *rand.Rand) { p.KeepDaily += 1 + r.IntN(3) }},
		{"keep-weekly", func(p *Policy, r *rand.Rand) { p.KeepWeekly += 1 + r.IntN(3) }},
		{"keep-monthly", func(p *Policy, r *rand.Rand) { p.KeepMonthly += 1 + r.IntN(3) }},
		{"keep-yearly", func(p *Policy, r *rand.Rand) { p.KeepYearly += 1 + r.IntN(3) }},
		{"minimum", func(p *Policy, r *rand.Rand) { p.Minimum += 1 + r.IntN(3) }},
		{"keep-within", func(p *Policy, r *rand.Rand) { p.KeepWithin += 1 + time.Duration(r.Int64N(int64(30*24*time.Hour))) }},
	}
	r := rand.New(rand.NewPCG(7, 7))
	forEachCase(t, func(t *testing.T, c propertyCase) {
		low := c.plan()
		for _, rule := range raises {
			higher := c.p
			rule.raise(&higher, r)
			high := Make(c.snaps, higher, c.now, c.loc)
			for i, d := range low.Decisions {
				if d.Keep && !high.Decisions[i].Keep {
					t.Errorf("raising %s deleted %s: %+v", rule.name, d.Name, high.Decisions[i])
				}
			}
		}
	})
}

// A snapshot dated after now (a clock that was ahead, a folder named so)
// decides nothing: the decisions on every other snapshot are the same
// without it, and it is kept.
func TestPropertyFutureSnapshotsDecideNothing(t *testing.T) {
	forEachCase(t, func(t *testing.T, c propertyCase) {
		var present []Snapshot
		future := false
		for _, s := range c.snaps {
			if s.Time.After(c.now) {
				future = true
			} else {
				present = append(present, s)
			}
		}
		if !future {
			return
		}
		with, without := decisions(c.plan()), decisions(Make(present, c.p, c.now, c.loc))
		for _, s := range c.snaps {
			if s.Time.After(c.now) {
				if !with[s.Name].Keep {
					t.Errorf("%s, dated after now, deleted", s.Name)
				}
				continue
			}
			if with[s.Name].Keep != without[s.Name].Keep {
				t.Errorf("%s: keep %v beside snapshots dated after now, %v without them", s.Name, with[s.Name].Keep, without[s.Name].Keep)
			}
		}
	})
}
