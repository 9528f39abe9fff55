package rsync

import (
	"os"
	"strings"
	"testing"
)

func TestParseHelp(t *testing.T) {
	raw, err := os.ReadFile("testdata/help-3.5.0.txt")
	if err != nil {
		t.Fatal(err)
	}
	if f := ParseHelp(string(raw)); !f.ConfineRoot {
		t.Errorf("rsync 3.5.0: %+v, want --confine-root", f)
	}
	// an rsync before 3.4.2: the same help without the option
	var older []string
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.Contains(line, "--confine-root") {
			older = append(older, line)
		}
	}
	if f := ParseHelp(strings.Join(older, "\n")); f.ConfineRoot {
		t.Errorf("without the option: %+v", f)
	}
}
