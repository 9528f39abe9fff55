// Package execx runs external tools: an argv slice (never a shell), LC_ALL=C,
// a timeout, bounded output capture, its own process group, and a slog line
// per call. Failures come back as typed errors carrying the exit code and
// stderr, and a tool that is not installed as *MissingError, so the API can
// say "mtx is not installed" instead of crashing.
package execx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"bams/backend/internal/sandbox"
)

// DefaultMaxOutput bounds what Run keeps of stdout and of stderr.
const DefaultMaxOutput = 4 << 20

// Runner runs tools found in Path. It holds no mutable state, so one Runner
// is shared by every feature and tests inject their own with a fake Path.
type Runner struct {
	Path    string        // colon-separated search path; tools are only looked up here
	Timeout time.Duration // default limit for a call that sets none
	Log     *slog.Logger
	// Confiner is the executable that runs a Cmd with Sandbox rules
	// (bamsd itself, see package sandbox); without it such a Cmd fails
	// rather than run unconfined.
	Confiner string
	// Observe, when set, hears of every finished run: the tool's name (as
	// asked for), how long it took and its exit code (metrics).
	Observe func(tool string, took time.Duration, exit int)
}

// Cmd is one tool invocation.
type Cmd struct {
	Name    string        // tool name, looked up in Runner.Path (or an absolute path)
	Args    []string      // never passed through a shell
	Timeout time.Duration // 0: Runner.Timeout; negative: none (long tasks are bounded by ctx)
	Stdin   io.Reader
	// Stdout and Stderr, when set, receive the stream as it comes (for
	// progress parsing) in addition to the bounded capture in Result.
	Stdout, Stderr io.Writer
	// OnStart is called once the process runs, with its process group id,
	// so a task can record it and a crash recovery can kill the group.
	OnStart func(pgid int)
	// Sandbox, when set, confines the tool and every process it starts to
	// these rules (Landlock, through Runner.Confiner).
	Sandbox *sandbox.Rules
	// MaxStdout bounds the captured stdout; 0 is DefaultMaxOutput. Long
	// listings (zfs list of every snapshot) ask for more.
	MaxStdout int
}

// Result is what a finished tool printed.
type Result struct {
	Stdout, Stderr []byte
	// Truncated: stdout went beyond its bound and the rest was dropped.
	Truncated bool
	ExitCode  int
	Duration  time.Duration
}

// MissingError: the tool is not installed (not in the search path).
type MissingError struct{ Tool string }

func (e *MissingError) Error() string { return e.Tool + " is not installed" }

// ExitError: the tool ran and failed.
type ExitError struct {
	Tool     string
	Args     []string
	Code     int    // -1 when killed by a signal
	Stderr   string // trimmed, bounded
	TimedOut bool
}

func (e *ExitError) Error() string {
	msg := fmt.Sprintf("%s exited with code %d", e.Tool, e.Code)
	if e.TimedOut {
		msg = e.Tool + " timed out"
	}
	if e.Stderr != "" {
		msg += ": " + firstLines(e.Stderr, 3)
	}
	return msg
}

// LookPath finds name in the Runner's search path only.
func (r *Runner) LookPath(name string) (string, error) {
	if strings.HasPrefix(name, "-") || name == "" {
		return "", fmt.Errorf("execx: bad tool name %q", name)
	}
	if filepath.IsAbs(name) {
		if isExecutable(name) {
			return name, nil
		}
		return "", &MissingError{Tool: filepath.Base(name)}
	}
	for _, dir := range filepath.SplitList(r.Path) {
		p := filepath.Join(dir, name)
		if isExecutable(p) {
			return p, nil
		}
	}
	return "", &MissingError{Tool: name}
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// Run runs c and waits. A non-zero exit is an *ExitError (the Result still
// holds what was printed). Cancelling ctx kills the whole process group.
func (r *Runner) Run(ctx context.Context, c Cmd) (Result, error) {
	path, err := r.LookPath(c.Name)
	if err != nil {
		return Result{ExitCode: -1}, err
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = r.Timeout
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	argv := c.Args
	if c.Sandbox != nil {
		if r.Confiner == "" {
			return Result{ExitCode: -1}, fmt.Errorf("%s: no confining helper is configured, and it must not run unconfined", c.Name)
		}
		argv = append(append(c.Sandbox.Args(), path), c.Args...)
		path = r.Confiner
	}
	maxStdout := c.MaxStdout
	if maxStdout <= 0 {
		maxStdout = DefaultMaxOutput
	}
	stdout, stderr := &capped{max: maxStdout}, &capped{max: DefaultMaxOutput}
	cmd := exec.CommandContext(ctx, path, argv...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PATH="+r.Path)
	cmd.Stdin = c.Stdin
	cmd.Stdout, cmd.Stderr = tee(stdout, c.Stdout), tee(stderr, c.Stderr)
	// Its own process group, so cancel (and crash recovery) reach every
	// child it spawns (ssh under rsync, for instance).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{ExitCode: -1}, fmt.Errorf("%s: %w", c.Name, err)
	}
	if c.OnStart != nil {
		c.OnStart(cmd.Process.Pid)
	}
	waitErr := cmd.Wait()
	// Whatever the tool left behind in its group goes with it.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	res := Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Truncated: stdout.truncated, Duration: time.Since(start)}
	res.ExitCode = cmd.ProcessState.ExitCode()

	log := r.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("exec", "argv", append([]string{path}, argv...), "exit", res.ExitCode, "duration", res.Duration.Round(time.Microsecond))
	if r.Observe != nil {
		r.Observe(c.Name, res.Duration, res.ExitCode)
	}

	if waitErr == nil {
		return res, nil
	}
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) || ctx.Err() != nil {
		e := &ExitError{Tool: c.Name, Args: c.Args, Code: res.ExitCode, Stderr: strings.TrimSpace(string(res.Stderr))}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			e.TimedOut = true
		}
		if ctx.Err() != nil {
			return res, errors.Join(e, ctx.Err())
		}
		return res, e
	}
	return res, fmt.Errorf("%s: %w", c.Name, waitErr)
}

func tee(capture *capped, w io.Writer) io.Writer {
	if w == nil {
		return capture
	}
	return io.MultiWriter(capture, w)
}

// capped keeps the first max bytes written and drops the rest.
type capped struct {
	buf       bytes.Buffer
	max       int
	truncated bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		if len(p) > room {
			c.buf.Write(p[:room])
			c.truncated = true
		} else {
			c.buf.Write(p)
		}
	} else if len(p) > 0 {
		c.truncated = true
	}
	return len(p), nil
}

func (c *capped) Bytes() []byte { return c.buf.Bytes() }

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " / ")
}
