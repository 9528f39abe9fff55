package retention

import (
	"testing"
	"time"
)

func TestDaysReadsLikeASetting(t *testing.T) {
	for d, want := range map[time.Duration]string{
		7 * 24 * time.Hour:      "7d",
		36 * time.Hour:          "1d12h",
		90 * time.Minute:        "1h30m",
		time.Minute:             "1m",
		61 * time.Second:        "1m1s",
		1500 * time.Millisecond: "1s500ms",
		0:                       "0s",
	} {
		if got := days(d); got != want {
			t.Errorf("days(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestProtectedReasonDatesInTheZone(t *testing.T) {
	// 23:30 UTC on 11-02 is already 11-03 in Tokyo.
	p := &Protection{By: "backupadm", At: instant("2026-11-02T23:30:00Z"), Why: "before the upgrade"}
	if got, want := protectedReason(p, zone(t, "Asia/Tokyo")), "protected by user backupadm on 2026-11-03: before the upgrade"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := protectedReason(&Protection{}, time.UTC), "protected"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
