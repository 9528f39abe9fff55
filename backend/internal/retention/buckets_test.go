package retention

import (
	"slices"
	"testing"
	"time"
)

// reasonsIn plans snaps under p in the named zone and returns each
// snapshot's reasons, "deleted: ..." for the ones deleted.
func reasonsIn(t *testing.T, zoneName string, p Policy, snaps ...Snapshot) map[string][]string {
	t.Helper()
	p.Kinds = PruneScheduled
	plan := Make(snaps, p, snaps[0].Time.Add(24*time.Hour), zone(t, zoneName))
	out := map[string][]string{}
	for _, d := range plan.Decisions {
		if d.Keep {
			out[d.Name] = d.Reasons
		} else {
			out[d.Name] = append([]string{"deleted"}, d.Reasons...)
		}
	}
	return out
}

// checkReasons asserts that each named snapshot has exactly these reasons.
func checkReasons(t *testing.T, got map[string][]string, want map[string][]string) {
	t.Helper()
	for name, reasons := range want {
		if !slices.Equal(got[name], reasons) {
			t.Errorf("%s: got %q, want %q", name, got[name], reasons)
		}
	}
}

func TestDailyBucketsFollowTheZoneNotUTC(t *testing.T) {
	// Both UTC times fall on one UTC day, but on two local days: the
	// evening before in New York, the next morning in Tokyo.
	west := []Snapshot{scheduled("2026-11-20T06:00:00Z"), scheduled("2026-11-20T03:00:00Z")}
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepDaily: 2}, west...), map[string][]string{
		"2026-11-20T06:00:00Z": {reasonNewest, "keep-daily: newest of 2026-11-20"},
		"2026-11-20T03:00:00Z": {"keep-daily: newest of 2026-11-19"},
	})
	east := []Snapshot{scheduled("2026-11-19T16:00:00Z"), scheduled("2026-11-19T14:00:00Z")}
	checkReasons(t, reasonsIn(t, "Asia/Tokyo", Policy{KeepDaily: 2}, east...), map[string][]string{
		"2026-11-19T16:00:00Z": {reasonNewest, "keep-daily: newest of 2026-11-20"},
		"2026-11-19T14:00:00Z": {"keep-daily: newest of 2026-11-19"},
	})
	checkReasons(t, reasonsIn(t, "UTC", Policy{KeepDaily: 2}, west...), map[string][]string{
		"2026-11-20T06:00:00Z": {reasonNewest, "keep-daily: newest of 2026-11-20"},
		"2026-11-20T03:00:00Z": {"deleted", reasonNoRule},
	})
}

func TestHourlyBucketsAcrossDSTChanges(t *testing.T) {
	// New York falls back at 02:00 EDT on 2026-11-01: 01:30 EDT and
	// 01:30 EST are one wall-clock hour, so one bucket.
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepHourly: 3},
		scheduled("2026-11-01T06:30:00Z"), // 01:30 EST
		scheduled("2026-11-01T05:30:00Z"), // 01:30 EDT
		scheduled("2026-11-01T04:30:00Z"), // 00:30 EDT
	), map[string][]string{
		"2026-11-01T06:30:00Z": {reasonNewest, "keep-hourly: newest of 2026-11-01 01:00"},
		"2026-11-01T05:30:00Z": {"deleted", reasonNoRule},
		"2026-11-01T04:30:00Z": {"keep-hourly: newest of 2026-11-01 00:00"},
	})
	// It springs forward at 02:00 EST on 2026-03-08: one real hour apart
	// are the buckets 01:00 and 03:00.
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepHourly: 2},
		scheduled("2026-03-08T07:30:00Z"), // 03:30 EDT
		scheduled("2026-03-08T06:30:00Z"), // 01:30 EST
	), map[string][]string{
		"2026-03-08T07:30:00Z": {reasonNewest, "keep-hourly: newest of 2026-03-08 03:00"},
		"2026-03-08T06:30:00Z": {"keep-hourly: newest of 2026-03-08 01:00"},
	})
}

func TestDailyBucketsAcrossDSTChanges(t *testing.T) {
	// 2026-11-01 in New York lasts 25 hours: 00:10 EDT and 23:50 EST share
	// it, though a fixed UTC-5 would put 00:10 EDT on the day before.
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepDaily: 2},
		scheduled("2026-11-02T04:50:00Z"), // 11-01 23:50 EST
		scheduled("2026-11-01T04:10:00Z"), // 11-01 00:10 EDT
		scheduled("2026-11-01T03:50:00Z"), // 10-31 23:50 EDT
	), map[string][]string{
		"2026-11-02T04:50:00Z": {reasonNewest, "keep-daily: newest of 2026-11-01"},
		"2026-11-01T04:10:00Z": {"deleted", reasonNoRule},
		"2026-11-01T03:50:00Z": {"keep-daily: newest of 2026-10-31"},
	})
	// 2026-03-08 lasts 23 hours.
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepDaily: 2},
		scheduled("2026-03-09T03:30:00Z"), // 03-08 23:30 EDT
		scheduled("2026-03-08T05:30:00Z"), // 03-08 00:30 EST
		scheduled("2026-03-08T04:50:00Z"), // 03-07 23:50 EST
	), map[string][]string{
		"2026-03-09T03:30:00Z": {reasonNewest, "keep-daily: newest of 2026-03-08"},
		"2026-03-08T05:30:00Z": {"deleted", reasonNoRule},
		"2026-03-08T04:50:00Z": {"keep-daily: newest of 2026-03-07"},
	})
}

func TestABucketThatRecursCountsOnce(t *testing.T) {
	// Goose Bay fell back at 00:01 ADT to 23:01 AST the day before, so in
	// time order the local days ran 10-30, 10-31, 10-30 again. The older
	// 10-30 snapshot is not the newest of a third day.
	checkReasons(t, reasonsIn(t, "America/Goose_Bay", Policy{KeepDaily: 3},
		scheduled("1999-10-31T03:30:00Z"), // 10-30 23:30 AST
		scheduled("1999-10-31T03:00:30Z"), // 10-31 00:00:30 ADT
		scheduled("1999-10-31T01:00:00Z"), // 10-30 22:00 ADT
	), map[string][]string{
		"1999-10-31T03:30:00Z": {reasonNewest, "keep-daily: newest of 1999-10-30"},
		"1999-10-31T03:00:30Z": {"keep-daily: newest of 1999-10-31"},
		"1999-10-31T01:00:00Z": {"deleted", reasonNoRule},
	})
}

func TestWeeklyBucketsAreISOWeeks(t *testing.T) {
	// Thursday 2026-12-31 and Friday 2027-01-01 are both in 2026-W53.
	checkReasons(t, reasonsIn(t, "UTC", Policy{KeepWeekly: 3},
		scheduled("2027-01-04T12:00:00Z"),
		scheduled("2027-01-01T12:00:00Z"),
		scheduled("2026-12-31T12:00:00Z"),
	), map[string][]string{
		"2027-01-04T12:00:00Z": {reasonNewest, "keep-weekly: newest of week 2027-W01"},
		"2027-01-01T12:00:00Z": {"keep-weekly: newest of week 2026-W53"},
		"2026-12-31T12:00:00Z": {"deleted", reasonNoRule},
	})
	// Sunday 23:30 in New York is Monday in UTC: still last week there.
	checkReasons(t, reasonsIn(t, "America/New_York", Policy{KeepWeekly: 2},
		scheduled("2026-11-23T12:00:00Z"),
		scheduled("2026-11-23T04:30:00Z"),
	), map[string][]string{
		"2026-11-23T04:30:00Z": {"keep-weekly: newest of week 2026-W47"},
	})
}

func TestMonthlyAndYearlyBucketsFollowTheZone(t *testing.T) {
	// 16:00 UTC on New Year's Eve is already 2027 in Tokyo.
	snaps := []Snapshot{scheduled("2026-12-31T16:00:00Z"), scheduled("2026-12-31T10:00:00Z")}
	checkReasons(t, reasonsIn(t, "Asia/Tokyo", Policy{KeepMonthly: 2, KeepYearly: 2}, snaps...), map[string][]string{
		"2026-12-31T16:00:00Z": {reasonNewest, "keep-monthly: newest of 2027-01", "keep-yearly: newest of 2027"},
		"2026-12-31T10:00:00Z": {"keep-monthly: newest of 2026-12", "keep-yearly: newest of 2026"},
	})
	checkReasons(t, reasonsIn(t, "UTC", Policy{KeepMonthly: 2, KeepYearly: 2}, snaps...), map[string][]string{
		"2026-12-31T10:00:00Z": {"deleted", reasonNoRule},
	})
}
