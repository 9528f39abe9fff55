// Package fakezfs installs a stateful fake zfs and zpool for tests of the
// zfs package's flows (ZFS cannot run on the test machine). The fake is
// the Go program in cmd/fakezfs, built once per test binary; each Fake
// has its own state file, so tests run in parallel. It prints the formats
// recorded in backend/internal/zfs/testdata (TAB-indented status, -H -p
// lists, the recorded error messages) and logs every argv.
package fakezfs

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
	// NoJSON: zpool/zfs refuse -j as OpenZFS before 2.3 does; NoP: they
	// refuse -p too, as zfs-fuse's CLI does (recorded).
	NoJSON, NoP bool
	Disks       []string // device paths that exist
	Pools       map[string]*Pool
	Datasets    map[string]*Dataset
	Holds       map[string][]string // snapshot → tags
	Clock       int64               // epoch seconds of the next creation time
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
}

// Call is one logged invocation.
type Call struct {
	Tool string
	Args []string
}

// Fake is one installed pair of fakes.
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

// New builds the fake (once per test binary) and installs zfs and zpool
// in a fresh folder with the given initial state.
func New(t testing.TB, st State) *Fake {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fakezfs-")
		if err != nil {
			buildErr = err
			return
		}
		_, file, _, _ := runtime.Caller(0)
		binary = filepath.Join(dir, "fakezfs")
		out, err := exec.Command("go", "build", "-o", binary, filepath.Join(filepath.Dir(file), "cmd", "fakezfs")).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building fakezfs: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	d := fakecmd.New(t)
	f := &Fake{Path: d.Path, StateFile: filepath.Join(t.TempDir(), "state.json"), t: t}
	if st.Pools == nil {
		st.Pools = map[string]*Pool{}
	}
	if st.Datasets == nil {
		st.Datasets = map[string]*Dataset{}
	}
	if st.Holds == nil {
		st.Holds = map[string][]string{}
	}
	f.Save(st)
	for _, tool := range []string{"zfs", "zpool"} {
		// The state file comes in an environment variable the wrapper sets,
		// so nothing global changes and parallel tests keep apart.
		script := fmt.Sprintf("#!/bin/sh\nFAKEZFS_STATE=%q exec %q %s \"$@\"\n", f.StateFile, binary, tool)
		if err := fakecmd.WriteExecutable(filepath.Join(d.Path, tool), []byte(script)); err != nil {
			t.Fatal(err)
		}
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
