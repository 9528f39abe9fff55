package retention

import (
	"testing"
	"time"
)

// BenchmarkPlan100k plans eleven years of hourly snapshots of one host in
// a zone with DST. "every-rule" sets a count for every rule, keep-yearly
// high enough that its walk covers all 100 000 snapshots.
func BenchmarkPlan100k(b *testing.B) {
	loc := zone(b, "Europe/Berlin")
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	snaps := make([]Snapshot, 100_000)
	for i := range snaps {
		at := now.Add(-time.Duration(len(snaps)-i) * time.Hour)
		s := Snapshot{Name: at.Format("2006-01-02T15-04-05Z"), Time: at, Kind: KindScheduled, State: StateComplete, NewBytes: 1 << 20}
		switch {
		case i%97 == 0:
			s.State = StateFailed
		case i%50 == 0:
			s.Kind = KindManual
		}
		if i > 0 {
			s.Base = snaps[i-1].Name
		}
		snaps[i] = s
	}
	everyRule := Policy{KeepLast: 24, KeepHourly: 48, KeepDaily: 14, KeepWeekly: 8, KeepMonthly: 24,
		KeepYearly: 20, KeepWithin: 30 * 24 * time.Hour, Minimum: 3, Kinds: PruneAll}
	for _, tc := range []struct {
		name string
		p    Policy
	}{{"default", DefaultPolicy()}, {"every-rule", everyRule}} {
		b.Run(tc.name, func(b *testing.B) {
			var plan Plan
			for b.Loop() {
				plan = Make(snaps, tc.p, now, loc)
			}
			b.ReportMetric(float64(plan.Keep), "kept")
			if plan.Keep+plan.Delete != len(snaps) {
				b.Fatalf("%d kept + %d deleted", plan.Keep, plan.Delete)
			}
		})
	}
}
