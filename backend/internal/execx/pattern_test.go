package execx

import (
	"regexp"
	"testing"
)

// The first matching pattern decides, and no match gives the default.
func TestFirstMatch(t *testing.T) {
	patterns := []Pattern[string]{
		{Kind: "busy", RE: regexp.MustCompile(`busy`)},
		{Kind: "not-found", RE: regexp.MustCompile(`does not exist`)},
	}
	for text, want := range map[string]string{
		"cannot open 'tank/x': dataset does not exist": "not-found",
		"dataset is busy; it does not exist either":    "busy",
		"something else": "failed",
	} {
		if got := FirstMatch(text, patterns, "failed"); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}
