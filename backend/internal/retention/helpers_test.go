package retention

import (
	"testing"
	"time"
	// Tests name zones like America/New_York; embedding the database keeps
	// them independent of the build machine's /usr/share/zoneinfo.
	_ "time/tzdata"
)

// scheduled is a complete scheduled snapshot named after its time, the
// way the pull-backup service names folders.
func scheduled(when string) Snapshot {
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		panic(err)
	}
	return Snapshot{Name: when, Time: t, Kind: KindScheduled, State: StateComplete}
}

func with(s Snapshot, change func(*Snapshot)) Snapshot {
	change(&s)
	return s
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func instant(when string) time.Time {
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		panic(err)
	}
	return t
}

// decisions indexes a plan by snapshot name.
func decisions(p Plan) map[string]Decision {
	byName := make(map[string]Decision, len(p.Decisions))
	for _, d := range p.Decisions {
		byName[d.Name] = d
	}
	return byName
}

// kept lists the names a plan keeps, in input order.
func kept(p Plan) []string {
	var names []string
	for _, d := range p.Decisions {
		if d.Keep {
			names = append(names, d.Name)
		}
	}
	return names
}
