package main

import (
	"os/exec"
	"testing"
)

// What `bamsctl files` prints for a name that is not UTF-8, pasted into
// bash, is exactly the name's bytes again.
func TestShellQuotedRoundTripsThroughBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed to check the quoting")
	}
	for _, name := range []string{"caf\xe9.txt", "\xff\xfe", "it's \\ \xe9\x01\x7f", "ümlaut \xc3", "a\nb\xe9", "$(echo no)\xe9 `x`"} {
		quoted := shellQuoted(name)
		out, err := exec.Command(bash, "-c", "printf %s "+quoted).Output()
		if err != nil {
			t.Fatalf("%q as %s: %v", name, quoted, err)
		}
		if string(out) != name {
			t.Errorf("%q printed as %s reads back as %q", name, quoted, out)
		}
	}
}
