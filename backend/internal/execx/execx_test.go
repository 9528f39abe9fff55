package execx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/proc"
	"bams/backend/internal/sandbox"
	"bams/backend/internal/testutil/fakecmd"
)

func runner(d *fakecmd.Dir) *Runner { return &Runner{Path: d.Path, Timeout: 10 * time.Second} }

func TestRunLogsArgvAndCaptures(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("tool", `echo "lang=$LC_ALL"; echo oops >&2`)
	res, err := runner(d).Run(context.Background(), Cmd{Name: "tool", Args: []string{"list", "-H", "a b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Stdout); got != "lang=C\n" {
		t.Errorf("stdout %q: LC_ALL=C must be set", got)
	}
	if string(res.Stderr) != "oops\n" {
		t.Errorf("stderr %q", res.Stderr)
	}
	calls := d.Calls("tool")
	if len(calls) != 1 || strings.Join(calls[0], "|") != "list|-H|a b" {
		t.Fatalf("calls %q", calls)
	}
}

func TestExitError(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("tool", `echo "dataset does not exist" >&2; exit 3`)
	res, err := runner(d).Run(context.Background(), Cmd{Name: "tool"})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || ee.Stderr != "dataset does not exist" || res.ExitCode != 3 {
		t.Fatalf("got %v / %+v", err, ee)
	}
}

func TestMissingTool(t *testing.T) {
	t.Parallel()
	_, err := runner(fakecmd.New(t)).Run(context.Background(), Cmd{Name: "mtx"})
	var me *MissingError
	if !errors.As(err, &me) || me.Error() != "mtx is not installed" {
		t.Fatalf("got %v", err)
	}
	if _, err := runner(fakecmd.New(t)).LookPath("-rf"); err == nil {
		t.Fatal("a name starting with - must be refused")
	}
}

func TestBoundedCapture(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("tool", `head -c 6000000 /dev/zero`)
	res, err := runner(d).Run(context.Background(), Cmd{Name: "tool"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stdout) != DefaultMaxOutput {
		t.Fatalf("kept %d bytes, want %d", len(res.Stdout), DefaultMaxOutput)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("tool", `exec sleep 30`)
	_, err := runner(d).Run(context.Background(), Cmd{Name: "tool", Timeout: 200 * time.Millisecond})
	var ee *ExitError
	if !errors.As(err, &ee) || !ee.TimedOut {
		t.Fatalf("got %v", err)
	}
}

// Cancelling kills the whole process group, including a grandchild the
// tool started in the background.
func TestCancelKillsGroup(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	pidFile := t.TempDir() + "/child.pid"
	d.Script("tool", `sleep 60 & echo $! >`+pidFile+`; wait`)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		_, err := runner(d).Run(ctx, Cmd{Name: "tool", Timeout: -1, OnStart: func(pgid int) { started <- pgid }})
		done <- err
	}()
	pgid := <-started
	var child int
	for i := 0; i < 100 && child == 0; i++ {
		b, _ := os.ReadFile(pidFile)
		child, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		time.Sleep(20 * time.Millisecond)
	}
	if child == 0 {
		t.Fatal("child did not start")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	// PID 1 may reap the orphaned grandchild late: a zombie counts as gone.
	deadline := time.Now().Add(3 * time.Second)
	alive := func(pid int) bool { st, err := proc.State(pid); return err == nil && st != "Z" && st != "X" }
	for alive(child) || alive(pgid) {
		if time.Now().After(deadline) {
			t.Fatalf("process group %d (child %d) still alive after cancel", pgid, child)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A confined command runs through the Confiner with the rules before the
// tool's own path and argv; with no Confiner it does not run at all.
func TestSandboxedCommandRunsThroughTheConfiner(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("tool", `exit 0`)
	d.Script("confiner", `exit 0`)
	r := runner(d)
	rules := &sandbox.Rules{With: sandbox.Landlock, Write: []string{"/srv/backups/web1"}}
	if _, err := r.Run(context.Background(), Cmd{Name: "tool", Args: []string{"a"}, Sandbox: rules}); err == nil ||
		!strings.Contains(err.Error(), "must not run unconfined") {
		t.Fatalf("without a confiner: %v", err)
	}
	if calls := d.Calls("tool"); len(calls) != 0 {
		t.Fatalf("the tool ran unconfined: %q", calls)
	}
	r.Confiner = filepath.Join(d.Path, "confiner")
	if _, err := r.Run(context.Background(), Cmd{Name: "tool", Args: []string{"a"}, Sandbox: rules}); err != nil {
		t.Fatal(err)
	}
	calls := d.Calls("confiner")
	want := "confine-exec|--with|landlock|--write|/srv/backups/web1|--|" + filepath.Join(d.Path, "tool") + "|a"
	if len(calls) != 1 || strings.Join(calls[0], "|") != want {
		t.Fatalf("confiner calls %q, want %s", calls, want)
	}
}
