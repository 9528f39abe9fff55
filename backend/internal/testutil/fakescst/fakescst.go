// Package fakescst installs a stateful fake scstadmin for tests of the
// scst package's flows (SCST is not packaged for Debian and cannot run on
// the test machine). The fake is the Go program in cmd/fakescst, built
// once per test binary; each Fake has its own state file, so tests run in
// parallel. It keeps SCST's "running" configuration as scst.conf text in
// the state, answers -write_config and the -list_* commands in the
// formats recorded in backend/internal/scst/testdata, applies -config as
// scstadmin does (removals, re-opens and disables only with -force; a
// prompt without -noprompt refused with the recorded text), and can be
// told to fail half-way through an apply or to lose a LUN afterwards.
// It reads and writes scst.conf with package scst's own parser and
// renderer: it fakes SCST and scstadmin, not the file format.
package fakescst

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"bams/backend/internal/testutil/fakecmd"
)

// State is the fake's whole world, kept as JSON in one file.
type State struct {
	// Running is SCST's running configuration as scst.conf text.
	Running string
	// Applies counts the -config calls so far.
	Applies int
	// FailApply makes the Nth -config call (1-based) fail half-way: with
	// -force the removals are done and the devices opened, the targets
	// are left as they were; the call prints a FATAL error and exits 1.
	FailApply int
	// DropLUN "driver/target/lun" (default LUNs) or
	// "driver/target/group/lun" disappears after the DropOnApply-th
	// -config call succeeds, as SCST drops a LUN whose backing device
	// went away; scstadmin still reports success.
	DropLUN     string
	DropOnApply int
	// Handlers and Drivers are what is loaded (the -list_handler and
	// -list_driver answers, and what -check_config accepts); empty means
	// vdisk_blockio, vdisk_fileio, vdisk_nullio and copy_manager, iscsi, scst_local.
	Handlers, Drivers []string
}

// Fake is one installed scstadmin.
type Fake struct {
	Path      string // for execx.Runner.Path
	StateFile string
	t         testing.TB
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// New builds the fake (once per test binary) and installs scstadmin in a
// fresh folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fakescst-")
		if err != nil {
			buildErr = err
			return
		}
		_, file, _, _ := runtime.Caller(0)
		binary = filepath.Join(dir, "fakescst")
		out, err := exec.Command("go", "build", "-o", binary, filepath.Join(filepath.Dir(file), "cmd", "fakescst")).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building fakescst: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	d := fakecmd.New(t)
	f := &Fake{Path: d.Path, StateFile: filepath.Join(t.TempDir(), "state.json"), t: t}
	f.Save(st)
	// The state file comes in an environment variable the wrapper sets,
	// so nothing global changes and parallel tests keep apart.
	script := fmt.Sprintf("#!/bin/sh\nFAKESCST_STATE=%q exec %q \"$@\"\n", f.StateFile, binary)
	if err := fakecmd.WriteExecutable(filepath.Join(d.Path, "scstadmin"), []byte(script)); err != nil {
		t.Fatal(err)
	}
	return f
}

// Load reads the fake's current state.
func (f *Fake) Load() State {
	f.t.Helper()
	var st State
	b, err := os.ReadFile(f.StateFile)
	if err == nil {
		err = json.Unmarshal(b, &st)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return st
}

// Save replaces the fake's state.
func (f *Fake) Save(st State) {
	f.t.Helper()
	b, err := json.MarshalIndent(st, "", "  ")
	if err == nil {
		err = os.WriteFile(f.StateFile, b, 0o644)
	}
	if err != nil {
		f.t.Fatal(err)
	}
}

// Calls returns the argv (without the program name) of every call, in order.
func (f *Fake) Calls() [][]string {
	f.t.Helper()
	file, err := os.Open(f.StateFile + ".log")
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	var calls [][]string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		var c []string
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			f.t.Fatal(err)
		}
		calls = append(calls, c)
	}
	return calls
}
