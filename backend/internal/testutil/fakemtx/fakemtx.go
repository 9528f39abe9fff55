// Package fakemtx installs a stateful fake mtx for tests of the mtx
// package's flows (no changer exists on the test machine). The fake is the
// Go program in cmd/fakemtx, built once per test binary; each Fake has its
// own state file, so tests run in parallel. It answers `status` in mtx
// 1.3.12's exact format (the recordings in backend/internal/mtx/testdata),
// moves cartridges for load, unload and transfer, prints mtx's own error
// lines and the recorded sense reports (medium removal prevented, and
// "becoming ready" or a robot failure half-way when told to), and logs
// every argv.
package fakemtx

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

// State is the fake library, kept as JSON in one file.
type State struct {
	Device string // the only path it opens; others get "cannot open SCSI device"
	Drives []Drive
	Slots  []Slot // storage slots then mail slots, numbered from 1 as mtx does
	// NotReady: the next NotReady commands that need the robot answer
	// "Not Ready, in process of becoming ready" (04/01) and do nothing.
	NotReady int
	// FailHalfway: the next move takes the cartridge out of its source and
	// fails with a hardware error; the cartridge stays in the picker
	// (Picker), which mtx status does not show.
	FailHalfway bool
	Picker      string
	PadTags     bool // print barcodes padded to the 32-byte SCSI field, as some libraries do
}

// Drive is one drive. Source 0: the library does not know where its
// cartridge came from. PreventRemoval: unloading fails with the recorded
// "medium removal prevented" sense (the drive is mounted).
type Drive struct {
	Full           bool
	Source         int
	Tag            string
	PreventRemoval bool
}

// Slot is one storage or mail slot.
type Slot struct {
	MailSlot bool
	Full     bool
	Tag      string
}

// Call is one logged invocation (argv after the program name).
type Call struct{ Args []string }

// Fake is one installed fake.
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

// New builds the fake (once per test binary) and installs mtx in a
// fresh folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fakemtx-")
		if err != nil {
			buildErr = err
			return
		}
		_, file, _, _ := runtime.Caller(0)
		binary = filepath.Join(dir, "fakemtx")
		out, err := exec.Command("go", "build", "-o", binary, filepath.Join(filepath.Dir(file), "cmd", "fakemtx")).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building fakemtx: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	d := fakecmd.New(t)
	f := &Fake{Path: d.Path, StateFile: filepath.Join(t.TempDir(), "state.json"), t: t}
	f.Save(st)
	// The state file comes in an environment variable the wrapper sets, so
	// nothing global changes; $0 is what real mtx prefixes its errors with.
	script := fmt.Sprintf("#!/bin/sh\nFAKEMTX_STATE=%q FAKEMTX_ARGV0=\"$0\" exec %q \"$@\"\n", f.StateFile, binary)
	if err := fakecmd.WriteExecutable(filepath.Join(d.Path, "mtx"), []byte(script)); err != nil {
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

// Calls returns every logged invocation, in order.
func (f *Fake) Calls() []Call {
	f.t.Helper()
	file, err := os.Open(f.StateFile + ".log")
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		f.t.Fatal(err)
	}
	defer file.Close()
	var calls []Call
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		var c Call
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			f.t.Fatal(err)
		}
		calls = append(calls, c)
	}
	return calls
}
