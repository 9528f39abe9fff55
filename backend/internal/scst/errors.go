package scst

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
)

// Kind names why an scstadmin command failed; the API passes it on.
type Kind string

// Where each comes from: Aborted is recorded (testdata, SCST's own test
// expectation); the others are scstadmin's wording in its source, since
// SCST cannot run here.
const (
	Aborted   Kind = "aborted"    // "... are you sure you wish to continue (y/[n]) ? Aborting action." and exit 0 (recorded)
	BadConfig Kind = "bad-config" // -check_config: "-> FATAL: ...", "Done, N errors found.", or a warning that drops part of the file
	Empty     Kind = "empty"      // "Configuration is empty or unreadable, aborting." (exit 0)
	NotRoot   Kind = "not-root"   // "This program must run as root."
	Fatal     Kind = "fatal"      // "FATAL: Received the following error:" and SCST's message
	Cancelled Kind = "cancelled"  // ctx ended
	Failed    Kind = "failed"     // anything else; Messages and Output say what
)

// Error is a failed scstadmin command. Output may hold what SCST echoed
// back, so the transaction redacts CHAP secrets from it (Redact) before
// an Error leaves this package.
type Error struct {
	Kind     Kind
	Args     []string // argv after scstadmin: file paths and flags, never a secret
	Messages []string // the lines that say what went wrong
	Output   string   // stdout and stderr (scstadmin prints its errors on stdout)
	Err      error    // the *execx.ExitError, ctx.Err(), or nil when scstadmin exited 0 but failed
}

func (e *Error) Error() string {
	cmd := "scstadmin"
	if len(e.Args) > 0 {
		cmd += " " + e.Args[0]
	}
	switch {
	case e.Kind == Cancelled:
		return cmd + " was cancelled"
	case len(e.Messages) > 0:
		return cmd + ": " + e.Messages[0]
	case e.Err != nil:
		return cmd + ": " + e.Err.Error()
	}
	return cmd + " failed"
}

func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// Redact returns a copy with every secret replaced, in everything the
// error carries, including the exit error's stderr.
func (e *Error) Redact(secrets []string) *Error {
	c := *e
	c.Output = redact(e.Output, secrets)
	c.Messages = nil
	for _, m := range e.Messages {
		c.Messages = append(c.Messages, redact(m, secrets))
	}
	var ee *execx.ExitError
	if errors.As(e.Err, &ee) {
		r := *ee
		r.Stderr = redact(ee.Stderr, secrets)
		c.Err = &r
	}
	return &c
}

func redact(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, redacted)
		}
	}
	return s
}

// RedactError scrubs secrets from err, whatever it is: an apply's error
// (its step's and its rollback's), a command's, or another whose text
// holds one. A caller uses it for secrets the transaction cannot know (a
// running configuration it read before, when the transaction's own save
// failed).
func RedactError(err error, secrets []string) error {
	var ae *ApplyError
	if errors.As(err, &ae) {
		c := *ae
		c.Err = redactErr(ae.Err, secrets)
		c.RollbackErr = redactErr(ae.RollbackErr, secrets)
		return &c
	}
	return redactErr(err, secrets)
}

// redactErr scrubs secrets from any error before it leaves the
// transaction; an error of another type whose text holds a secret is
// replaced by its redacted text.
func redactErr(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Redact(secrets)
	}
	if r := redact(err.Error(), secrets); r != err.Error() {
		return errors.New(r)
	}
	return err
}

var (
	abortedRE  = regexp.MustCompile(`(?m)\? Aborting action\.$`)
	receivedRE = regexp.MustCompile(`(?m)^(FATAL|WARNING): Received the following error:\s*\n\s*\n?\s*(.+)$`)
	fatalRE    = regexp.MustCompile(`(?m)^\s*(?:-> )?FATAL: (.+)$`)
	emptyRE    = regexp.MustCompile(`(?m)Configuration is empty or unreadable, aborting\.`)
	notRootRE  = regexp.MustCompile(`(?m)^This program must run as root\.`)
)

// classify turns a finished scstadmin into a typed error (nil on success).
// It looks at the output even after exit 0: a refused prompt and an empty
// configuration both exit 0 without doing what was asked.
func classify(ctx context.Context, args []string, res execx.Result, err error) error {
	out := string(res.Stdout)
	if len(res.Stderr) > 0 {
		out += "\n" + string(res.Stderr)
	}
	if err != nil && ctx.Err() != nil {
		return &Error{Kind: Cancelled, Args: args, Output: out, Err: ctx.Err()}
	}
	var ee *execx.ExitError
	if err != nil && (!errors.As(err, &ee) || ee.TimedOut) {
		return err // not installed, did not start, or timed out: execx says which
	}
	e := &Error{Kind: Failed, Args: args, Output: out, Err: err}
	fatal := false
	for _, m := range receivedRE.FindAllStringSubmatch(out, -1) {
		e.Messages = append(e.Messages, strings.TrimSpace(m[2]))
		fatal = fatal || m[1] == "FATAL"
	}
	for _, m := range fatalRE.FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "Received the following error") {
			e.Messages = append(e.Messages, strings.TrimSpace(m[1]))
			fatal = true
		}
	}
	switch {
	case abortedRE.MatchString(out):
		e.Kind = Aborted
		e.Messages = append([]string{"the confirmation prompt was refused (Aborting action.)"}, e.Messages...)
	case emptyRE.MatchString(out):
		e.Kind = Empty
		e.Messages = append([]string{"the configuration is empty or unreadable"}, e.Messages...)
	case notRootRE.MatchString(out):
		e.Kind = NotRoot
		e.Messages = append([]string{"scstadmin must run as root"}, e.Messages...)
	case err == nil:
		return nil
	case fatal && strings.Contains(out, "Configuration has errors"):
		e.Kind = BadConfig
	case fatal:
		e.Kind = Fatal
	}
	return e
}

func asError(err error, e **Error) bool { return errors.As(err, e) }
