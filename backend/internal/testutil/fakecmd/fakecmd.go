// Package fakecmd writes fake executables into a temporary folder for tests:
// each logs its argv and then replays recorded output (or runs a given
// script body). A test hands the folder to execx.Runner.Path, so tests stay
// parallel and nothing global changes.
package fakecmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Dir is a folder of fake tools.
type Dir struct {
	Path string
	t    testing.TB
}

// New makes an empty folder of fakes, removed when the test ends.
func New(t testing.TB) *Dir {
	return &Dir{Path: t.TempDir(), t: t}
}

// Script installs name as a shell script whose body runs after the argv is
// logged. The body sees the arguments as "$@".
func (d *Dir) Script(name, body string) {
	d.t.Helper()
	// argv is logged NUL-separated, one record per call ending in "\x01\x00",
	// so arguments with spaces or newlines survive.
	// The runner's PATH holds only fakes; the body may still use coreutils.
	script := fmt.Sprintf("#!/bin/sh\nPATH=\"$PATH:/usr/sbin:/usr/bin:/sbin:/bin\"\n{ for a in \"$@\"; do printf '%%s\\0' \"$a\"; done; printf '\\001\\0'; } >>%q\n%s\n",
		d.callsFile(name), body)
	if err := WriteExecutable(filepath.Join(d.Path, name), []byte(script)); err != nil {
		d.t.Fatal(err)
	}
}

// WriteExecutable writes an executable file while holding
// syscall.ForkLock, which is what it is for: a process that a parallel
// test forks meanwhile would otherwise inherit the file open for writing,
// and running the file until that child execs fails with "text file busy"
// (ETXTBSY; golang/go#22315; seen in CI).
func WriteExecutable(path string, data []byte) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	return os.WriteFile(path, data, 0o755)
}

// Replay installs name so that it prints the contents of stdoutFile (a
// recorded real output) on stdout, and exits with code.
func (d *Dir) Replay(name, stdoutFile string, code int) {
	d.t.Helper()
	abs, err := filepath.Abs(stdoutFile)
	if err != nil {
		d.t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		d.t.Fatal(err)
	}
	d.Script(name, fmt.Sprintf("cat %q\nexit %d", abs, code))
}

// ReplayStderr is Replay for tools that print to stderr (ssh -V).
func (d *Dir) ReplayStderr(name, stderrFile string, code int) {
	d.t.Helper()
	abs, err := filepath.Abs(stderrFile)
	if err != nil {
		d.t.Fatal(err)
	}
	d.Script(name, fmt.Sprintf("cat %q >&2\nexit %d", abs, code))
}

// Calls returns the argv (without the program name) of every call to name, in order.
func (d *Dir) Calls(name string) [][]string {
	d.t.Helper()
	b, err := os.ReadFile(d.callsFile(name))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		d.t.Fatal(err)
	}
	var calls [][]string
	for _, rec := range bytes.Split(b, []byte("\x01\x00")) {
		if len(rec) == 0 {
			continue
		}
		args := strings.Split(strings.TrimSuffix(string(rec), "\x00"), "\x00")
		if len(args) == 1 && args[0] == "" {
			args = []string{}
		}
		calls = append(calls, args)
	}
	return calls
}

func (d *Dir) callsFile(name string) string { return filepath.Join(d.Path, "."+name+".calls") }
