package retention

import (
	"slices"
	"testing"
	"time"
)

func TestTokenIgnoresInputOrderAndReasons(t *testing.T) {
	snaps := hourlyFor("2026-11-20T12:00:00Z", 5)
	p := Policy{KeepLast: 2, Kinds: PruneScheduled}
	want := Make(snaps, p, later(), time.UTC).Token

	reversed := slices.Clone(snaps)
	slices.Reverse(reversed)
	if got := Make(reversed, p, later(), time.UTC).Token; got != want {
		t.Errorf("reversed input: token %s, want %s", got, want)
	}
	// Pinning a snapshot that is kept anyway adds a reason, not a change.
	pinned := slices.Clone(snaps)
	pinned[0].Protected = &Protection{By: "backupadm"}
	if got := Make(pinned, p, later(), time.UTC).Token; got != want {
		t.Errorf("extra reason: token %s, want %s", got, want)
	}
}

func TestTokenChangesWithTheDecisions(t *testing.T) {
	snaps := hourlyFor("2026-11-20T12:00:00Z", 5)
	p := Policy{KeepLast: 2, Kinds: PruneScheduled}
	base := Make(snaps, p, later(), time.UTC).Token
	changed := map[string]string{}
	changed["one more kept"] = Make(snaps, Policy{KeepLast: 3, Kinds: PruneScheduled}, later(), time.UTC).Token
	changed["one snapshot fewer"] = Make(snaps[:4], p, later(), time.UTC).Token
	renamed := slices.Clone(snaps)
	renamed[4].Name = "renamed"
	changed["a name changed"] = Make(renamed, p, later(), time.UTC).Token
	for what, token := range changed {
		if token == base {
			t.Errorf("%s: token unchanged", what)
		}
	}
	if len(base) != 32 {
		t.Errorf("token %q is not 32 hex digits", base)
	}
}
