package rsync

import (
	"context"
	"errors"
	"fmt"

	"bams/backend/internal/execx"
)

// Pull runs one pull: rsync with PullArgs(o), its stdout streamed through
// a ProgressWriter to onProgress, and onStart given rsync's process group
// (ssh runs in it too) as soon as it runs, so the task can record it for
// cancel and crash recovery. It has no time limit of its own: a stalled
// host ends it through --timeout, a cancelled task through ctx.
//
// A success with vanished files returns a Warning and no error. A failure
// is an *Error (or *execx.MissingError when rsync or ssh is not
// installed); Stats are returned with an *Error too when rsync printed
// them, as a partial transfer does.
func Pull(ctx context.Context, r *execx.Runner, o Options, onProgress func(Progress), onStart func(pgid int)) (Stats, Warning, error) {
	args, err := PullArgs(o)
	if err != nil {
		return Stats{}, Warning{}, err
	}
	pw := NewProgressWriter(onProgress)
	res, runErr := r.Run(ctx, execx.Cmd{Name: "rsync", Args: args, Timeout: -1, Stdout: pw, OnStart: onStart, Sandbox: o.Sandbox})
	pw.Close()
	warn, err := classify(ctx, o.SSH.Host, res.ExitCode, string(res.Stderr), runErr)
	// rsync names the folder it could not enter, which may be the source's
	// parent (it changes into the parent to send the source): say what was asked.
	var e *Error
	if errors.As(err, &e) && e.Kind == SourceMissing {
		e.Paths = []string{o.Source}
	}
	stats, statsErr := ParseStats(pw.Text())
	if err != nil {
		return stats, Warning{}, err
	}
	if statsErr != nil {
		return Stats{}, warn, fmt.Errorf("rsync from %s: %w", o.SSH.Host, statsErr)
	}
	return stats, warn, nil
}
