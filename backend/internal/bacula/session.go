package bacula

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"bams/backend/internal/execx"
)

// maxCommandLength bounds one command line.
const maxCommandLength = 4096

// abortAttempts bounds the "." answers sent to a command that keeps
// prompting; past that the session is killed.
const abortAttempts = 3

// Session is one long-lived bconsole process, reused for BAMS's own
// queries: it saves bconsole's start-up and the director's login for each
// call. Commands run one at a time. A session whose bconsole died (the
// director stopped or restarted, a command timed out) starts a new one at
// the next command. The zero value is not usable: call NewSession.
type Session struct {
	runner *execx.Runner
	cfg    Config

	mu     sync.Mutex
	con    *console // nil until the first command, and after it died
	closed bool
}

// console is one running bconsole.
type console struct {
	cmd    *exec.Cmd
	stdin  *os.File
	stdout *os.File
	tr     *transcript
	marker string
	seq    int
	exited chan struct{} // closed once cmd.Wait returned
}

// NewSession returns a session that connects at its first command.
func NewSession(r *execx.Runner, cfg Config) *Session {
	return &Session{runner: r, cfg: cfg.withDefaults()}
}

// Command sends one command and returns the director's reply: bconsole's
// echo of the command and "You have messages." removed. A reply that reads
// as an error comes back as an *Error (with the reply in Output). bconsole
// not installed is the runner's *execx.MissingError.
//
// A `.api` command is refused here: in `.api 2` mode the director's replies
// arrive one command late and would shift every later reply on a shared
// session (recipe gotcha G5). Use Run for those.
func (s *Session) Command(ctx context.Context, command string) (string, error) {
	command = strings.TrimSpace(command)
	if err := checkCommand(command); err != nil {
		return "", err
	}
	if first := strings.ToLower(strings.Fields(command)[0]); first == ".api" {
		return "", &Error{Kind: BadCommand, Command: command, Detail: "`.api` desynchronizes a shared session; use Run"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", os.ErrClosed
	}
	start := time.Now()
	reply, err := s.command(ctx, command)
	s.log().Debug("bconsole", "command", command, "duration", time.Since(start).Round(time.Microsecond), "error", err)
	return reply, err
}

func (s *Session) command(ctx context.Context, command string) (string, error) {
	reused := s.con != nil
	if !reused {
		if err := s.connect(ctx); err != nil {
			return "", err
		}
	}
	reply, sent, err := s.exchange(ctx, command)
	// A session idle across a director restart holds a dead connection;
	// bconsole notices only when it sends the next command, and exits
	// without a word. That command never reached a running director, so it
	// is sent once more on a new connection.
	var e *Error
	if reused && !sent && errors.As(err, &e) && e.Kind == DirectorUnreachable {
		if err := s.connect(ctx); err != nil {
			return "", err
		}
		reply, _, err = s.exchange(ctx, command)
	}
	return reply, err
}

// exchange runs one command on the current console. answered is false when
// bconsole printed nothing but its echo before it went away.
func (s *Session) exchange(ctx context.Context, command string) (reply string, answered bool, err error) {
	c := s.con
	deadline := time.Now().Add(s.cfg.CommandTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = c.stdout.SetReadDeadline(deadline)
	_ = c.stdin.SetWriteDeadline(deadline)
	defer interruptOn(ctx, c.stdout)()

	c.seq++
	mark := markerN(c.marker, c.seq)
	ch, err := s.send(c, command+"\n@echo "+mark+"\n", mark)
	chunks := []chunk{ch}
	answered = replyText(command, ch) != ""
	// Anything glued onto the marker may be a prompt the director waits on:
	// answer "." (a no-op when it was only a reply without a final newline),
	// until the director stops asking.
	for i := 0; err == nil && ch.glued != ""; i++ {
		if i == abortAttempts {
			s.kill("command keeps prompting")
			reply = replyText(command, chunks...)
			return reply, true, &Error{Kind: NeedsAnswer, Command: command, Prompt: ch.glued,
				Detail: "still prompting after three aborts; bconsole was restarted", Output: reply}
		}
		c.seq++
		mark = markerN(c.marker, c.seq)
		ch, err = s.send(c, ".\n@echo "+mark+"\n", mark)
		chunks = append(chunks, ch)
	}
	reply = replyText(command, chunks...)
	if err != nil {
		return reply, answered, s.failed(ctx, command, err)
	}
	return reply, true, judge(command, reply, chunks)
}

// judge says whether a complete reply is a failure.
func judge(command, reply string, chunks []chunk) error {
	for _, ch := range chunks {
		if ch.tooLarge {
			return &Error{Kind: OutputTooLarge, Command: command, Detail: "reply larger than the limit; the rest was dropped", Output: reply}
		}
	}
	if err := classify(command, reply); err != nil {
		return err
	}
	if first := chunks[0].glued; first != "" && promptEnd.MatchString(first) {
		return &Error{Kind: NeedsAnswer, Command: command, Prompt: first, Detail: "aborted at a prompt", Output: reply}
	}
	return nil
}

// interruptOn makes a blocked read on f return at once when ctx ends. The
// returned func undoes that, waiting for an interrupt already under way so
// it cannot hit the next command.
func interruptOn(ctx context.Context, f *os.File) func() {
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { _ = f.SetReadDeadline(time.Unix(1, 0)); close(fired) })
	return func() {
		if !stop() {
			<-fired
		}
	}
}

// send writes input and reads up to mark.
func (s *Session) send(c *console, input, mark string) (chunk, error) {
	if _, err := io.WriteString(c.stdin, input); err != nil {
		return chunk{}, err
	}
	return c.tr.until(mark)
}

// failed turns a read or write failure into the command's error; each kills
// the console, since its output can no longer be matched to a command.
func (s *Session) failed(ctx context.Context, command string, err error) error {
	switch {
	case ctx.Err() != nil:
		s.kill("cancelled")
		return ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded):
		s.kill("timeout")
		return &Error{Kind: Timeout, Command: command, Detail: "no complete reply within " + s.cfg.CommandTimeout.String() + "; bconsole was stopped"}
	}
	// EOF or a broken pipe: bconsole exited, because the director closed
	// the connection (it stopped, or a reload killed it: gotcha G3).
	s.kill("connection lost")
	if down := localDirectorDown(s.cfg.ConfigFile); down != "" {
		return &Error{Kind: DirectorUnreachable, Command: command, Detail: down}
	}
	return &Error{Kind: DirectorUnreachable, Command: command, Detail: "the director closed the connection"}
}

// connect starts bconsole and reads its greeting.
func (s *Session) connect(ctx context.Context) error {
	path, err := s.runner.LookPath(s.cfg.Bconsole)
	if err != nil {
		return err
	}
	if _, err := os.Stat(s.cfg.ConfigFile); err != nil {
		return &Error{Kind: DirectorUnreachable, Detail: "bconsole configuration: " + err.Error()}
	}
	if down := localDirectorDown(s.cfg.ConfigFile); down != "" {
		return &Error{Kind: DirectorUnreachable, Detail: down}
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return err
	}
	cmd := exec.Command(path, "-c", s.cfg.ConfigFile)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PATH="+s.runner.Path)
	// stderr joins stdout so that messages stay in order with the replies.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, outW
	// Its own process group, killed as a whole (as execx does).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return err
	}
	c := &console{cmd: cmd, stdin: inW, stdout: outR, marker: newMarker(), exited: make(chan struct{}),
		tr: &transcript{br: bufio.NewReaderSize(outR, 64<<10), max: s.cfg.MaxReply}}
	go func() { _ = cmd.Wait(); close(c.exited) }()
	s.con = c

	deadline := time.Now().Add(s.cfg.ConnectTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = outR.SetReadDeadline(deadline)
	defer interruptOn(ctx, outR)()
	lines, ok, err := c.tr.banner()
	if ok {
		s.log().Info("bconsole connected", "pid", cmd.Process.Pid, "config", s.cfg.ConfigFile)
		return nil
	}
	s.kill("no greeting")
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return &Error{Kind: DirectorUnreachable, Detail: "no greeting from the director within " + s.cfg.ConnectTimeout.String()}
	}
	return &Error{Kind: DirectorUnreachable, Detail: bannerProblem(lines, c.cmd.ProcessState.ExitCode())}
}

// kill stops the console's process group and forgets it.
func (s *Session) kill(why string) {
	c := s.con
	if c == nil {
		return
	}
	s.con = nil
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-c.exited
	c.stdin.Close()
	c.stdout.Close()
	s.log().Info("bconsole stopped", "pid", c.cmd.Process.Pid, "why", why)
}

// Close ends the session: bconsole gets end-of-input and exits on its own
// (a second to do so, then it is killed). Later commands fail.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if c := s.con; c != nil {
		c.stdin.Close()
		select {
		case <-c.exited:
		case <-time.After(time.Second):
		}
		s.kill("closed")
	}
	return nil
}

func (s *Session) log() *slog.Logger {
	if s.runner.Log != nil {
		return s.runner.Log
	}
	return slog.Default()
}

// checkCommand refuses what must never reach bconsole: more than one line
// (the rest would run as further commands), bconsole's local @-commands
// (@input and @output read and write files as root, @exec runs a program),
// and quit/exit, which would end the process.
func checkCommand(command string) error {
	bad := func(why string) error { return &Error{Kind: BadCommand, Command: command, Detail: why} }
	switch {
	case command == "":
		return bad("empty command")
	case len(command) > maxCommandLength:
		return bad("longer than 4096 characters")
	case strings.ContainsAny(command, "\n\r\x00"):
		return bad("more than one line")
	case strings.HasPrefix(command, "@"):
		return bad("bconsole's local @-commands are not allowed")
	}
	switch strings.ToLower(strings.Fields(command)[0]) {
	case "quit", "exit":
		return bad("would end bconsole")
	}
	return nil
}
