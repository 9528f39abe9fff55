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
	"path/filepath"
	"runtime"
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

// Fake is one installed fake.
type Fake struct{ *fakecmd.Program }

// New builds the fake (once per test binary) and installs it in a fresh
// folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return &Fake{fakecmd.InstallProgram(t, filepath.Join(filepath.Dir(file), "cmd", "fakescst"), "FAKESCST_STATE", map[string][]string{"scstadmin": nil}, st)}
}

// Load reads the fake's current state.
func (f *Fake) Load() State {
	var st State
	f.LoadJSON(&st)
	return st
}

// Save replaces the fake's state.
func (f *Fake) Save(st State) { f.SaveJSON(st) }

// Calls returns every logged invocation, in order.
func (f *Fake) Calls() [][]string {
	var calls [][]string
	fakecmd.CallsInto(f.Program, &calls)
	return calls
}
