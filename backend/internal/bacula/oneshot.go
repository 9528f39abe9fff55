package bacula

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"strings"

	"bams/backend/internal/execx"
)

// Run starts one bconsole for commands and returns one reply per command,
// with the first reply that reads as an error as an *Error. It is for
// `.api 2` (whose mode would desynchronise a shared Session: gotcha G5) and
// for callers that hold no Session.
//
// Every command is followed by "@echo A", "." and "@echo B": "." aborts a
// sub-prompt, so a prompting command cannot take the next command as its
// answer, and is otherwise a no-op. In `.api 2` mode a reply arrives one
// director round trip late, after A; it is complete by B, so a command's
// reply is everything up to B. That also keeps the error text of a failing
// command, which a plain one-shot `.api 2` call loses.
func Run(ctx context.Context, r *execx.Runner, cfg Config, commands ...string) ([]string, error) {
	cfg = cfg.withDefaults()
	if len(commands) == 0 {
		return nil, nil
	}
	prefix := newMarker()
	var stdin strings.Builder
	commands = append([]string(nil), commands...)
	for i, c := range commands {
		c = strings.TrimSpace(c)
		if err := checkCommand(c); err != nil {
			return nil, err
		}
		commands[i] = c
		stdin.WriteString(c + "\n@echo " + markerN(prefix, 2*i) + "\n.\n@echo " + markerN(prefix, 2*i+1) + "\n")
	}
	if down := localDirectorDown(cfg.ConfigFile); down != "" {
		return nil, &Error{Kind: DirectorUnreachable, Command: commands[0], Detail: down}
	}
	res, err := r.Run(ctx, execx.Cmd{
		Name:    cfg.Bconsole,
		Args:    []string{"-c", cfg.ConfigFile},
		Stdin:   strings.NewReader(stdin.String()),
		Timeout: cfg.ConnectTimeout + cfg.CommandTimeout,
	})
	var exitErr *execx.ExitError
	if err != nil && (!errors.As(err, &exitErr) || exitErr.TimedOut || ctx.Err() != nil) {
		return nil, err
	}
	// stderr after stdout: bconsole prints its connection problems on
	// stdout, and nothing on stderr when all is well.
	out := append(append([]byte{}, res.Stdout...), res.Stderr...)
	return splitReplies(out, commands, prefix, cfg.MaxReply, res.ExitCode)
}

// splitReplies cuts a one-shot transcript into the replies of commands.
func splitReplies(out []byte, commands []string, prefix string, max, exitCode int) ([]string, error) {
	tr := &transcript{br: bufio.NewReader(bytes.NewReader(out)), max: max}
	lines, ok, _ := tr.banner()
	if !ok {
		return nil, &Error{Kind: DirectorUnreachable, Command: commands[0], Detail: bannerProblem(lines, exitCode)}
	}
	replies := make([]string, 0, len(commands))
	var first error
	for i, c := range commands {
		a, err := tr.until(markerN(prefix, 2*i))
		var b chunk
		if err == nil {
			b, err = tr.until(markerN(prefix, 2*i+1))
		}
		reply := replyText(c, a, b)
		if err != nil {
			// The output ended early: the director went away mid-way (a
			// reload with a broken config kills it: gotcha G3), or the
			// capture limit was hit.
			replies = append(replies, reply)
			return replies, errors.Join(first, &Error{Kind: DirectorUnreachable, Command: c, Detail: "bconsole's output ended before the reply did", Output: reply})
		}
		replies = append(replies, reply)
		if e := judge(c, reply, []chunk{a, b}); e != nil && first == nil {
			first = e
		}
	}
	return replies, first
}
