// Package testenv starts and stops the real parts integration tests need:
// bamsd itself, private D-Buses with or without polkitd, and commands run
// as the test users. The machine-wide parts (the system bus, polkitd, the
// test users and groups) are set up once by test/machine.sh, which
// `make test` runs before the Go tests; tests that need them call Machine.
//
// A missing part skips the test with the reason, except when
// BAMS_REQUIRE_INTEGRATION=1, where it fails: CI must never pass by
// skipping the real thing.
package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Missing skips the test because a real part is not there, or fails it
// when integration tests are required.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("BAMS_REQUIRE_INTEGRATION") == "1" {
		t.Fatalf("integration part missing (BAMS_REQUIRE_INTEGRATION=1): "+format, args...)
	}
	t.Skipf("integration part missing: "+format, args...)
}

// Machine describes the machine-wide test setup from test/machine.sh.
type Machine struct {
	Password string
	// Users by role: outsider (no group), viewer, operator, admin.
	Outsider, Viewer, Operator, Admin string
}

const machineEnv = "/run/bams-test/env"

// RequireMachine returns the machine setup, or skips/fails when it is absent.
func RequireMachine(t testing.TB) Machine {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "integration tests run as root (they start bamsd and switch users)")
	}
	f, err := os.Open(machineEnv)
	if err != nil {
		Missing(t, "%s not found: run `bash test/machine.sh up` first (make test does)", machineEnv)
	}
	defer f.Close()
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vals[k] = v
		}
	}
	users := strings.Split(vals["BAMS_TEST_USERS"], ",")
	if len(users) != 4 {
		t.Fatalf("%s: BAMS_TEST_USERS must list 4 users", machineEnv)
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		Missing(t, "setpriv (util-linux) not installed")
	}
	return Machine{Password: vals["BAMS_TEST_PASSWORD"], Outsider: users[0], Viewer: users[1], Operator: users[2], Admin: users[3]}
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// Bin returns the path of a built command (bamsd, bamsctl): from
// $BAMS_BIN (make test sets it), or built once per test binary into a
// folder every test user can read.
func Bin(t testing.TB, name string) string {
	t.Helper()
	if dir := os.Getenv("BAMS_BIN"); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("BAMS_BIN=%s has no %s: run make build", dir, name)
		}
		return p
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "bams-bin-")
		if buildErr != nil {
			return
		}
		os.Chmod(buildDir, 0o755)
		root := repoFile()
		for _, cmd := range []string{"bamsd", "bamsctl"} {
			build := exec.Command("go", "build", "-o", filepath.Join(buildDir, cmd), "./backend/cmd/"+cmd)
			build.Dir = root
			out, err := build.CombinedOutput()
			if err != nil {
				buildErr = err
				buildDir = string(out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatalf("building commands: %v\n%s", buildErr, buildDir)
	}
	return filepath.Join(buildDir, name)
}

// SharedTempDir is a temporary folder the test users can traverse (a
// bamsd socket inside it must be reachable by them), removed after t.
func SharedTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "bams-it-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// repoFile is a path in this repository (its root with no arguments).
func repoFile(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", "..", ".."}, parts...)...)
}
