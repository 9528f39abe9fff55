package testenv

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"testing"
)

// Result is what a command run as a user printed.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// RunAs runs bamsctl (with --socket) as the named user, as a login would
// leave it: the user's uid, gid and groups, and the user's loginuid (so
// the audit trail can be checked). setpriv does the switch after the shell
// has set the loginuid, which only root may do.
func RunAs(t testing.TB, username, socket string, args ...string) Result {
	t.Helper()
	cmd := asUser(t, username, socket, args)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := Result{Stdout: out.String(), Stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.Code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running bamsctl as %s: %v", username, err)
	}
	return res
}

func asUser(t testing.TB, username, socket string, args []string) *exec.Cmd {
	t.Helper()
	u, err := user.Lookup(username)
	if err != nil {
		t.Fatalf("test user %s: %v", username, err)
	}
	argv := append([]string{"-c", `uid=$0 gid=$1; shift; echo "$uid" >/proc/self/loginuid && exec setpriv --reuid "$uid" --regid "$gid" --init-groups -- "$@"`,
		u.Uid, u.Gid, Bin(t, "bamsctl"), "--socket", socket}, args...)
	cmd := exec.Command("/bin/sh", argv...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "USER=" + username, "HOME=/"}
	return cmd
}

// Process is a command started as a user and still running.
type Process struct {
	Stdout io.Reader
	cmd    *exec.Cmd
}

// StartAs starts bamsctl as the user (like RunAs) without waiting; it is
// killed when the test ends if still running.
func StartAs(t testing.TB, username, socket string, args ...string) *Process {
	t.Helper()
	cmd := asUser(t, username, socket, args)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return &Process{Stdout: out, cmd: cmd}
}

// Wait waits for the process to exit.
func (p *Process) Wait() error { return p.cmd.Wait() }

// CopyOfSelf copies the running test binary where the test users can run
// it (go test's own copy sits in a folder only root may enter): a test
// whose TestMain has a helper mode runs it as a user with RunAs-like
// credentials (setpriv), so its requests carry that user's uid.
func CopyOfSelf(t testing.TB) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(SharedTempDir(t), filepath.Base(self))
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// SelfAs is the command running self (a CopyOfSelf) as the user (root:
// directly), with only env and a PATH in its environment.
func SelfAs(t testing.TB, username, self string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(self)
	if username != "root" {
		u, err := user.Lookup(username)
		if err != nil {
			t.Fatalf("test user %s: %v", username, err)
		}
		cmd = exec.Command("setpriv", "--reuid", u.Uid, "--regid", u.Gid, "--init-groups", "--", self)
	}
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	return cmd
}
