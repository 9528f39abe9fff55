package btrfs

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
)

// Kind names why a btrfs command failed.
type Kind string

// Kinds and the recorded stderr they come from (btrfs-progs 6.2,
// testdata/transcript*.txt).
const (
	NotFound      Kind = "not-found"          // "Could not statfs: No such file or directory", "cannot access '…': No such file or directory"
	Exists        Kind = "exists"             // "target path already exists: …", "… failed: File exists"
	HasFilesystem Kind = "has-filesystem"     // mkfs: "… appears to contain an existing filesystem (btrfs)"
	QuotasOff     Kind = "quotas-not-enabled" // "can't list qgroups: quotas not enabled"
	NotRunning    Kind = "not-running"        // "scrub cancel failed on …: not running"
	Busy          Kind = "busy"               // "quota rescan failed: Operation now in progress"
	NotEmpty      Kind = "not-empty"          // "Could not destroy subvolume/snapshot: Directory not empty"
	Cancelled     Kind = "cancelled"
	Failed        Kind = "failed"
)

// Error is a failed btrfs or mkfs.btrfs command.
type Error struct {
	Kind   Kind
	Tool   string
	Args   []string
	Stderr string
	Err    error
}

func (e *Error) Error() string {
	if e.Kind == Cancelled {
		return e.Tool + " was cancelled"
	}
	for _, line := range strings.Split(e.Stderr, "\n") {
		if strings.HasPrefix(line, "ERROR: ") {
			return e.Tool + ": " + strings.TrimPrefix(line, "ERROR: ")
		}
	}
	if e.Stderr != "" {
		return e.Tool + ": " + strings.SplitN(e.Stderr, "\n", 2)[0]
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

var patterns = []execx.Pattern[Kind]{
	{Kind: QuotasOff, RE: regexp.MustCompile(`quotas not enabled`)},
	{Kind: HasFilesystem, RE: regexp.MustCompile(`appears to contain an existing filesystem`)},
	{Kind: NotRunning, RE: regexp.MustCompile(`scrub cancel failed on .*: not running`)},
	{Kind: Busy, RE: regexp.MustCompile(`Operation now in progress|Device or resource busy`)},
	{Kind: NotEmpty, RE: regexp.MustCompile(`Directory not empty`)},
	{Kind: Exists, RE: regexp.MustCompile(`target path already exists|File exists`)},
	{Kind: NotFound, RE: regexp.MustCompile(`No such file or directory`)},
}

func classify(ctx context.Context, tool string, args []string, res execx.Result, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return &Error{Kind: Cancelled, Tool: tool, Args: args, Err: ctx.Err()}
	}
	var ee *execx.ExitError
	if !errors.As(err, &ee) || ee.TimedOut {
		return err
	}
	// btrfs prints its errors on stderr, mkfs.btrfs its banner on stdout
	e := &Error{Kind: Failed, Tool: tool, Args: args, Stderr: strings.TrimSpace(string(res.Stderr)), Err: err}
	e.Kind = execx.FirstMatch(e.Stderr, patterns, Failed)
	return e
}

func run(ctx context.Context, r *execx.Runner, tool string, args ...string) (execx.Result, error) {
	res, err := r.Run(ctx, execx.Cmd{Name: tool, Args: args})
	return res, classify(ctx, tool, args, res, err)
}
