package fakecmd

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Program is a stateful fake of a tool (zfs, mtx, scstadmin): a Go
// program of the test tree that keeps its state in a JSON file, prints the
// tool's recorded formats and logs each call beside the state (<state>.log,
// one JSON line a call). Wrapper scripts hand it the state file in an
// environment variable, so nothing global changes and parallel tests keep
// apart, and FAKE_ARGV0 the name it was called as.
type Program struct {
	Path      string // the folder of its wrappers, for execx.Runner.Path
	StateFile string
	t         testing.TB
}

// builds caches each program per test binary: building is seconds, a
// test's install milliseconds.
var builds sync.Map // package dir → *build

type build struct {
	once   sync.Once
	binary string
	err    error
}

// InstallProgram builds the main package in pkgDir (once per test binary)
// and installs a wrapper for each tool name in a fresh folder; a wrapper
// runs the program with the tool's leading arguments (zfs and zpool are
// one program) and stateEnv set to a fresh state file holding initial.
func InstallProgram(t testing.TB, pkgDir, stateEnv string, tools map[string][]string, initial any) *Program {
	t.Helper()
	b, _ := builds.LoadOrStore(pkgDir, &build{})
	bd := b.(*build)
	bd.once.Do(func() {
		dir, err := os.MkdirTemp("", "fakeprog-")
		if err != nil {
			bd.err = err
			return
		}
		bd.binary = filepath.Join(dir, filepath.Base(pkgDir))
		if out, err := exec.Command("go", "build", "-o", bd.binary, pkgDir).CombinedOutput(); err != nil {
			bd.err = fmt.Errorf("building %s: %v: %s", pkgDir, err, out)
		}
	})
	if bd.err != nil {
		t.Fatal(bd.err)
	}
	d := New(t)
	p := &Program{Path: d.Path, StateFile: filepath.Join(t.TempDir(), "state.json"), t: t}
	p.SaveJSON(initial)
	for tool, lead := range tools {
		var args strings.Builder
		for _, a := range lead {
			fmt.Fprintf(&args, " %q", a)
		}
		script := fmt.Sprintf("#!/bin/sh\n%s=%q FAKE_ARGV0=\"$0\" exec %q%s \"$@\"\n", stateEnv, p.StateFile, bd.binary, args.String())
		if err := WriteExecutable(filepath.Join(d.Path, tool), []byte(script)); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// LoadJSON decodes the program's current state into v.
func (p *Program) LoadJSON(v any) {
	p.t.Helper()
	b, err := os.ReadFile(p.StateFile)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		p.t.Fatal(err)
	}
}

// SaveJSON replaces the program's state with v.
func (p *Program) SaveJSON(v any) {
	p.t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err == nil {
		err = os.WriteFile(p.StateFile, b, 0o644)
	}
	if err != nil {
		p.t.Fatal(err)
	}
}

// CallsInto decodes every logged call, in order, appending each to the
// slice *out points to.
func CallsInto[T any](p *Program, out *[]T) {
	p.t.Helper()
	file, err := os.Open(p.StateFile + ".log")
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		p.t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var c T
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			p.t.Fatal(err)
		}
		*out = append(*out, c)
	}
}
