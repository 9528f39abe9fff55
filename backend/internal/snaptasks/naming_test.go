package snaptasks

import (
	"slices"
	"testing"
	"time"

	"bams/backend/internal/zfs"
)

func TestNamingRendersInUTC(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 12, 2, 15, 0, 30, 0, berlin)
	if got := render(DefaultNaming, at); got != "auto-2026-12-02_14-00" {
		t.Errorf("render = %q", got)
	}
	if got := render("h%Y%m%d%H%M%S", at); got != "h20261202140030" {
		t.Errorf("render with seconds = %q", got)
	}
}

func TestNamingRefusesNamesThatCollideOrMissort(t *testing.T) {
	for _, bad := range []string{
		"auto-%Y-%m-%d",          // one name a day: not unique per minute
		"auto-%d-%m-%Y_%H-%M",    // sorts by day first
		"auto-%Y-%m-%d_%H-%M-%M", // a field twice
		"auto %Y%m%d%H%M",        // a space
		"auto/%Y%m%d%H%M",        // a slash
		"%%%Y%m%d%H%M",           // a percent sign
		"-%Y%m%d%H%M",            // starts like an option
		"auto-%Y%m%d%H%M%",       // a lone %
		"auto-%a%Y%m%d%H%M",      // an unknown field
	} {
		if err := checkNaming(bad); err == nil {
			t.Errorf("checkNaming(%q) accepted it", bad)
		}
	}
}

// Every minute of a day and a DST change gets its own valid name, and the
// names sort as their times do.
func TestNamingIsUniquePerMinuteAndSortsByTime(t *testing.T) {
	for _, tmpl := range []string{DefaultNaming, "%Y%m%d%H%M", "snap.%Y-%m-%dT%H:%M:%S.hourly"} {
		if err := checkNaming(tmpl); err != nil {
			t.Fatalf("checkNaming(%q): %v", tmpl, err)
		}
		start := time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC) // Europe's DST ends that morning
		var names []string
		for m := 0; m < 24*60; m++ {
			name := render(tmpl, start.Add(time.Duration(m)*time.Minute))
			if err := zfs.CheckSnapshotName("tank/data@" + name); err != nil {
				t.Fatalf("%q gave an invalid name: %v", tmpl, err)
			}
			names = append(names, name)
		}
		if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Errorf("%q: names are not unique and in time order", tmpl)
		}
	}
}
