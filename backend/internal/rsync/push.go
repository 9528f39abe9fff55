package rsync

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

// PushOptions is one restore: paths of a local folder (a snapshot) sent
// to a folder on a host over SSH, or to a local folder.
type PushOptions struct {
	// SSH is the host to restore to; nil restores into the local Dest.
	SSH *ssh.Options
	// Root is the local folder the Sources are relative to (the snapshot).
	Root string
	// Sources are relative, clean paths under Root ("srv/www"). With
	// --relative they land at Dest/<source>.
	Sources []string
	// Dest is the folder receiving the Sources (on the host when SSH is set).
	Dest string
	// Delete removes files in the sent folders that Root does not hold.
	Delete bool
	// DryRun changes nothing; the itemized changes say what would change.
	DryRun        bool
	BandwidthKBps int           // --bwlimit in KiB/s; 0: unlimited
	IOTimeout     time.Duration // --timeout, whole seconds; 0: DefaultIOTimeout
}

// Validate checks every field that reaches the command line. Sources are
// local names read by the local rsync only (never a shell), so they may
// hold any character but NUL and control characters; Root and Dest are
// checked as a pull's paths are (CheckPath).
func (o PushOptions) Validate() error {
	if o.SSH != nil {
		if err := o.SSH.Validate(); err != nil {
			return err
		}
	}
	if err := validPath("root", o.Root); err != nil {
		return err
	}
	if err := validPath("dest", o.Dest); err != nil {
		return err
	}
	if len(o.Sources) == 0 || len(o.Sources) > maxSources {
		return &ValidationError{"sources", strings.Join(o.Sources, " "), fmt.Sprintf("give 1 to %d paths", maxSources)}
	}
	for i, p := range o.Sources {
		field := fmt.Sprintf("sources[%d]", i)
		switch {
		case p == "" || strings.HasPrefix(p, "/") || path.Clean(p) != p || p == "." || p == ".." || strings.HasPrefix(p, "../"):
			return &ValidationError{field, p, "must be a clean path relative to the root, not leaving it"}
		case strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
			return &ValidationError{field, p, "must not hold .."}
		case strings.IndexFunc(p, isControl) >= 0:
			return &ValidationError{field, p, "must not hold control characters"}
		}
	}
	if o.BandwidthKBps < 0 {
		return &ValidationError{"bandwidth_kbps", strconv.Itoa(o.BandwidthKBps), "cannot be negative"}
	}
	if o.IOTimeout < 0 || (o.IOTimeout > 0 && o.IOTimeout < time.Second) {
		return &ValidationError{"io_timeout", o.IOTimeout.String(), "must be at least one second"}
	}
	return nil
}

// isControl: C0 and C1 controls, DEL, and the Unicode line and paragraph
// separators, none of which belongs in a path an admin reads.
func isControl(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// PushArgs is rsync's argv (without the program name) for a restore. The
// flags a pull has keep their reasons (--archive, --hard-links,
// --numeric-ids, --relative, --sparse, --secluded-args, --timeout), and:
//
//	Sources as Root/./<source>: --relative keeps only the part after
//	  "/./", so a file of /srv/www lands at Dest/srv/www again.
//	--no-implied-dirs, to a host only: the parents of a source that exist
//	  there stay as they are. Without it rsync would replace a parent that
//	  is a symlink on the host (/srv -> /data/srv) with a directory, a
//	  deletion nobody asked for. Locally the implied directories are sent,
//	  so rsync replaces any symlink among them inside Dest rather than
//	  following it out of the restore folder.
//	--itemize-changes: every change, for the task's result (and the
//	  whole point of a dry run).
//	--delete only when asked; no --partial: an interrupted restore leaves
//	  each target file whole, old or new.
func PushArgs(o PushOptions) ([]string, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	timeout := o.IOTimeout
	if timeout == 0 {
		timeout = DefaultIOTimeout
	}
	args := []string{"--archive", "--hard-links", "--numeric-ids", "--relative", "--sparse", "--secluded-args",
		"--timeout=" + strconv.Itoa(int(timeout/time.Second)), "--itemize-changes", "--stats"}
	if o.DryRun {
		args = append(args, "--dry-run")
	} else {
		args = append(args, "--info=progress2")
	}
	if o.Delete {
		args = append(args, "--delete")
	}
	if o.BandwidthKBps > 0 {
		args = append(args, "--bwlimit="+strconv.Itoa(o.BandwidthKBps))
	}
	dest := o.Dest
	if o.SSH != nil {
		shell, err := o.SSH.RsyncShell()
		if err != nil {
			return nil, err
		}
		args = append(args, "--no-implied-dirs", "-e", shell)
		host := o.SSH.Address
		if strings.Contains(host, ":") { // IPv6: rsync reads "[addr]:path"
			host = "[" + host + "]"
		}
		dest = o.SSH.User + "@" + host + ":" + o.Dest
	}
	args = append(args, "--")
	for _, src := range o.Sources {
		args = append(args, o.Root+"/./"+src)
	}
	return append(args, strings.TrimSuffix(dest, "/")+"/"), nil
}

// PushResult is what a restore did (or, in a dry run, would do).
type PushResult struct {
	Stats   Stats
	Changes []Change // the first maxChanges
	Total   int      // every change rsync itemized
}

// Push runs one restore like Pull runs a pull: progress to onProgress,
// the process group to onStart, failures as *Error (with Push set).
func Push(ctx context.Context, r *execx.Runner, o PushOptions, maxChanges int, onProgress func(Progress), onStart func(pgid int)) (PushResult, Warning, error) {
	args, err := PushArgs(o)
	if err != nil {
		return PushResult{}, Warning{}, err
	}
	target := "local folder " + o.Dest
	if o.SSH != nil {
		target = o.SSH.Host
	}
	iw := NewItemizeWriter(NewProgressWriter(onProgress), maxChanges)
	res, runErr := r.Run(ctx, execx.Cmd{Name: "rsync", Args: args, Timeout: -1, Stdout: iw, OnStart: onStart})
	iw.Close()
	out := PushResult{Changes: iw.Changes(), Total: iw.Total()}
	warn, err := classify(ctx, target, res.ExitCode, string(res.Stderr), runErr)
	var re *Error
	if errors.As(err, &re) {
		re.Push = true
	}
	stats, statsErr := ParseStats(iw.Text())
	out.Stats = stats
	if err != nil {
		return out, Warning{}, err
	}
	if statsErr != nil {
		return out, warn, fmt.Errorf("rsync to %s: %w", target, statsErr)
	}
	return out, warn, nil
}
