// Package fakezfs installs a stateful fake zfs and zpool for tests of the
// zfs package's flows (ZFS cannot run on the test machine). The fake is
// the Go program in cmd/fakezfs, built once per test binary; each Fake
// has its own state file, so tests run in parallel. It prints the formats
// recorded in backend/internal/zfs/testdata (TAB-indented status, -H -p
// lists, the recorded error messages) and logs every argv.
package fakezfs

import (
	"path/filepath"
	"runtime"
	"testing"

	"bams/backend/internal/testutil/fakecmd"
)

// State is the fake's whole world, kept as JSON in one file.
type State struct {
	// NoJSON: zpool/zfs refuse -j as OpenZFS before 2.3 does; NoP: they
	// refuse -p too, as zfs-fuse's CLI does (recorded).
	NoJSON, NoP bool
	Disks       []string // device paths that exist
	Pools       map[string]*Pool
	Datasets    map[string]*Dataset
	Holds       map[string][]string // snapshot → tags
	Clock       int64               // epoch seconds of the next creation time
	// Replication (cmd/fakezfs/replication.go): SendPace is milliseconds
	// a send sleeps after each 16 KiB it writes (a test can cancel it
	// half way); ReceiveCut makes the next receive stop after that many
	// stream bytes, saving a resume token as zfs receive -s does.
	SendPace   int
	ReceiveCut int64
}

// Pool is one pool of the fake.
type Pool struct {
	ID       string
	Vdevs    []string // the vdev part of zpool create's argv
	Ashift   int
	Health   string
	Size     uint64
	Exported bool
	Scrub    string // "", "scanning", "finished", "canceled"
	Polls    int    // status calls since the scrub started
}

// Dataset is a filesystem, volume or snapshot.
type Dataset struct {
	Type     string
	Props    map[string]string // locally set properties
	Creation int64
	Used     uint64
	Mounted  bool // a filesystem whose mountpoint is a folder of the fake (files.go)
}

// Call is one logged invocation.
type Call struct {
	Tool string
	Args []string
}

// Fake is one installed fake.
type Fake struct{ *fakecmd.Program }

// New builds the fake (once per test binary) and installs it in a fresh
// folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	if st.Pools == nil {
		st.Pools = map[string]*Pool{}
	}
	if st.Datasets == nil {
		st.Datasets = map[string]*Dataset{}
	}
	if st.Holds == nil {
		st.Holds = map[string][]string{}
	}
	_, file, _, _ := runtime.Caller(0)
	return &Fake{fakecmd.InstallProgram(t, filepath.Join(filepath.Dir(file), "cmd", "fakezfs"), "FAKEZFS_STATE", map[string][]string{"zfs": {"zfs"}, "zpool": {"zpool"}}, st)}
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
