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
	"path/filepath"
	"runtime"
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

// SmallLibrary is the library flow tests start from: 2 drives, 4 storage
// slots (slot 4 a cleaning cartridge, slot 3 empty), 2 mail slots (slot 6
// full), barcodes padded to the SCSI field as some libraries print them.
func SmallLibrary(device string) State {
	return State{
		Device: device,
		Drives: []Drive{{}, {}},
		Slots: []Slot{
			{Full: true, Tag: "A00001L8"}, {Full: true, Tag: "A00002L8"}, {}, {Full: true, Tag: "CLN001L1"},
			{MailSlot: true}, {MailSlot: true, Full: true, Tag: "B00001L8"},
		},
		PadTags: true,
	}
}

// Call is one logged invocation (argv after the program name).
type Call struct{ Args []string }

// Fake is one installed fake.
type Fake struct{ *fakecmd.Program }

// New builds the fake (once per test binary) and installs it in a fresh
// folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return &Fake{fakecmd.InstallProgram(t, filepath.Join(filepath.Dir(file), "cmd", "fakemtx"), "FAKEMTX_STATE", map[string][]string{"mtx": nil}, st)}
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
func (f *Fake) Calls() []Call {
	var calls []Call
	fakecmd.CallsInto(f.Program, &calls)
	return calls
}
