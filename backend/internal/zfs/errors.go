package zfs

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
)

// Kind names why a zfs or zpool command failed; the API passes it on.
type Kind string

// The kinds with a recorded stderr (testdata/stderr-*.txt) are named
// after it; the others come from OpenZFS's messages that no recording
// here shows and say so.
const (
	NotFound    Kind = "not-found"    // "cannot open 'X': dataset does not exist" (recorded); "no such pool" (OpenZFS wording)
	HasChildren Kind = "has-children" // "cannot destroy 'X': filesystem has children" + the list (recorded)
	Unavailable Kind = "unavailable"  // "failed to initialize ZFS library": no module or daemon (recorded)
	BadOption   Kind = "bad-option"   // "invalid option 'p'": an older CLI (recorded); callers fall back
	Exists      Kind = "exists"       // "dataset already exists", "pool already exists" (OpenZFS wording)
	Busy        Kind = "busy"         // "pool or dataset is busy" (OpenZFS wording)
	InUse       Kind = "in-use"       // "... is part of active pool", "contains a filesystem" (OpenZFS wording)
	Scrubbing   Kind = "scrubbing"    // "currently scrubbing; use 'zpool scrub -s' to cancel", "there is no active scrub" (OpenZFS wording)
	Newer       Kind = "newer"        // rollback: "more recent snapshots or bookmarks exist", "clones of previous snapshots exist" + the list (OpenZFS wording)
	Cancelled   Kind = "cancelled"    // ctx ended
	Failed      Kind = "failed"       // anything else; Stderr says what
)

// Error is a failed zfs or zpool command.
type Error struct {
	Kind   Kind
	Tool   string   // zfs or zpool
	Args   []string // argv after the tool
	Name   string   // the dataset or pool the message names, when it names one
	Items  []string // HasChildren, Newer: the dependents zfs listed
	Stderr string
	Err    error // the *execx.ExitError, or ctx.Err()
}

func (e *Error) Error() string {
	if e.Kind == Cancelled {
		return e.Tool + " was cancelled"
	}
	if line := firstLine(e.Stderr); line != "" {
		return e.Tool + ": " + line
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

var (
	cannotRE = regexp.MustCompile(`(?m)^cannot [a-z ]+ '([^']*)': (.*)$`)
	patterns = []execx.Pattern[Kind]{
		{Kind: Unavailable, RE: regexp.MustCompile(`failed to initialize ZFS library|/dev/zfs and /proc/self/mounts are required|The ZFS modules are not loaded`)},
		{Kind: BadOption, RE: regexp.MustCompile(`(?m)^invalid option '.'`)},
		{Kind: HasChildren, RE: regexp.MustCompile(`(?m)^cannot destroy '[^']*': (?:filesystem|volume|snapshot) has (?:children|dependent clones)$`)},
		{Kind: Newer, RE: regexp.MustCompile(`(?m)^cannot rollback to '[^']*': (?:more recent snapshots or bookmarks exist|clones of previous snapshots exist)$`)},
		{Kind: NotFound, RE: regexp.MustCompile(`(?m)': (?:dataset does not exist|no such pool|no such pool or dataset|could not find any snapshots to destroy)$|^cannot import '[^']*': no such pool available$`)},
		{Kind: Exists, RE: regexp.MustCompile(`(?m)': (?:dataset|pool) already exists$`)},
		{Kind: Busy, RE: regexp.MustCompile(`(?m)(?:': |^cannot destroy snapshot \S+: )(?:pool or dataset is busy|dataset is busy)$`)},
		{Kind: InUse, RE: regexp.MustCompile(`(?m)is part of (?:active|exported|potentially active) pool|contains a filesystem|is in use and contains`)},
		{Kind: Scrubbing, RE: regexp.MustCompile(`(?m)^cannot (?:scrub|cancel scrubbing) \S+: (?:currently scrubbing|there is no active scrub)`)},
	}
)

// classify turns a finished command into a typed error (nil on success).
func classify(ctx context.Context, tool string, args []string, res execx.Result, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return &Error{Kind: Cancelled, Tool: tool, Args: args, Err: ctx.Err()}
	}
	var ee *execx.ExitError
	if !errors.As(err, &ee) || ee.TimedOut {
		return err // not installed, or it did not start, or timed out: execx says which
	}
	stderr := strings.TrimSpace(string(res.Stderr))
	e := &Error{Kind: Failed, Tool: tool, Args: args, Stderr: stderr, Err: err}
	if m := cannotRE.FindStringSubmatch(stderr); m != nil {
		e.Name = m[1]
	}
	e.Kind = execx.FirstMatch(stderr, patterns, Failed)
	if e.Kind == HasChildren || e.Kind == Newer {
		for _, line := range strings.Split(stderr, "\n")[1:] {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "use '-r'") && !strings.HasPrefix(line, "use '-R'") {
				e.Items = append(e.Items, line)
			}
		}
	}
	return e
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// run runs tool with args and classifies a failure.
func run(ctx context.Context, r *execx.Runner, tool string, args ...string) (execx.Result, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: tool, Args: args})
	return res, classify(ctx, tool, args, res, err)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
