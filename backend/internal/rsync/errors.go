package rsync

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

// Kind names why a pull failed; the API passes it on as is.
type Kind string

// How a pull can fail, from rsync's exit code and its named stderr patterns.
const (
	SourceMissing      Kind = "source-missing"       // 23: a source path does not exist on the host
	PartialTransfer    Kind = "partial-transfer"     // 23: some files or attributes were not transferred
	BaseSymlinkRefused Kind = "base-symlink-refused" // 23: a base's path went out of ConfineTo through a symlink
	Connection         Kind = "connection"           // 255 or 12: ssh failed; Err is the *ssh.Error
	RemoteRsyncMissing Kind = "remote-rsync-missing" // 12: the host has no rsync
	DiskFull           Kind = "disk-full"            // no space left on the backup disk
	FileIO             Kind = "file-io"              // 11: a local file error (staging folder)
	IOTimeout          Kind = "io-timeout"           // 30, 35: the host stopped answering for --timeout
	Interrupted        Kind = "interrupted"          // 20: a signal nobody in bamsd sent
	Cancelled          Kind = "cancelled"            // ctx ended (task cancel, daemon stopping); Err is ctx.Err()
	Failed             Kind = "failed"               // anything else
)

// Named stderr patterns (rsync 3.5.0 and OpenSSH 9.2, recorded in
// testdata/). Never modified.
var (
	// "rsync: [sender] change_dir "/x" failed: No such file or directory (2)"
	// for a source ending in "/", link_stat for one that does not.
	missingSource = regexp.MustCompile(`(?m)^rsync: \[sender\] (?:change_dir|link_stat) "(.*)" failed: No such file or directory`)
	// "file has vanished: "/x"" (exit 24).
	vanishedFile = regexp.MustCompile(`(?m)^file has vanished: "(.*)"`)
	// The remote shell's "rsync: command not found" / "rsync: not found".
	remoteRsyncMissing = regexp.MustCompile(`(?m)^.*\brsync[^:\s]*: (?:command )?not found`)
	// rsync could not start ssh: "Failed to exec ssh: No such file or directory".
	sshMissing = regexp.MustCompile(`Failed to exec ssh: No such file or directory`)
	noSpace    = regexp.MustCompile(`No space left on device|Disk quota exceeded`)
	// A base's path refused on the way out of the host's folder, by
	// --confine-root: "rsync: [generator] open "<base>/<file>": Too many
	// levels of symbolic links (40)"; by Landlock (rsync runs as root, so
	// nothing else denies it): "...: Permission denied (13)" (3.2.7).
	baseRefused = regexp.MustCompile(`(?m)^rsync: \[generator\] open "(.*)": (?:Too many levels of symbolic links|Permission denied)`)
	// rsync's summary line and its first complaint: the message for the rest.
	rsyncError     = regexp.MustCompile(`(?m)^rsync error: (.*?) \(code \d+\)`)
	rsyncComplaint = regexp.MustCompile(`^rsync: `)
)

// Error is a failed pull.
type Error struct {
	Kind   Kind
	Code   int      // rsync's exit code (-1 when killed)
	Host   string   // BAMS host name
	Paths  []string // SourceMissing: the missing source paths
	Stderr string
	Err    error // the *ssh.Error of a Connection failure, ctx.Err() when Cancelled
	// Push: a restore sending to Host (a host name or a local folder),
	// not a pull from it.
	Push bool
}

func (e *Error) Error() string {
	dir := "from"
	if e.Push {
		dir = "to"
	}
	switch e.Kind {
	case SourceMissing:
		if e.Push {
			return fmt.Sprintf("%s does not exist in the snapshot", strings.Join(e.Paths, ", "))
		}
		return fmt.Sprintf("source path %s does not exist on %s", strings.Join(e.Paths, ", "), e.Host)
	case Connection:
		return e.Err.Error()
	case RemoteRsyncMissing:
		return "rsync is not installed on " + e.Host
	case BaseSymlinkRefused:
		return fmt.Sprintf("a symlink that %s once had, on the way to %s in the base snapshot, leads out of the host's folder "+
			"to an existing path on this appliance; bams does not follow it, since that would put the appliance's file into "+
			"the backup of %s. This run copied the host's own files, and the next run reuses them",
			e.Host, someOf(e.Paths), e.Host)
	case DiskFull:
		if e.Push {
			return "the restore target " + e.Host + " is full (" + firstLine(e.Stderr, noSpace) + ")"
		}
		return "the backup disk is full (" + firstLine(e.Stderr, noSpace) + ")"
	case IOTimeout:
		return e.Host + " stopped answering (rsync I/O timeout)"
	case Cancelled:
		return "rsync " + dir + " " + e.Host + " was cancelled"
	case Interrupted:
		return "rsync " + dir + " " + e.Host + " was interrupted by a signal"
	}
	msg := fmt.Sprintf("rsync %s %s failed with code %d", dir, e.Host, e.Code)
	if m := rsyncError.FindStringSubmatch(e.Stderr); m != nil {
		msg += ": " + m[1]
	}
	if line := firstLine(e.Stderr, rsyncComplaint); line != "" {
		msg += " (" + line + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Warning is a pull that succeeded with a caveat; the zero Warning is none.
type Warning struct {
	Code     int      // 24: files vanished while rsync ran (normal on a live system)
	Vanished []string // the vanished paths rsync named
}

// someOf names the first few paths and counts the rest: the host chose
// how many there are, and the message is stored with the run.
func someOf(paths []string) string {
	const named = 5
	if len(paths) <= named {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:named], ", "), len(paths)-named)
}

func (w Warning) String() string {
	if w.Code == 0 {
		return ""
	}
	switch len(w.Vanished) {
	case 0:
		return "files vanished during the transfer (success with a warning)"
	case 1:
		return "1 file vanished during the transfer (success with a warning): " + w.Vanished[0]
	}
	return fmt.Sprintf("%d files vanished during the transfer (success with a warning)", len(w.Vanished))
}

// classify turns a finished rsync into (warning, error). runErr is
// execx's error; stderr is everything rsync printed there.
func classify(ctx context.Context, host string, code int, stderr string, runErr error) (Warning, error) {
	if runErr == nil {
		return Warning{}, nil
	}
	if ctx.Err() != nil {
		return Warning{}, &Error{Kind: Cancelled, Code: code, Host: host, Stderr: stderr, Err: ctx.Err()}
	}
	var ee *execx.ExitError
	if !errors.As(runErr, &ee) {
		return Warning{}, runErr // rsync missing, or it did not start
	}
	if sshMissing.MatchString(stderr) {
		return Warning{}, &execx.MissingError{Tool: "ssh"}
	}
	e := &Error{Kind: Failed, Code: code, Host: host, Stderr: stderr}
	switch {
	case code == 24:
		var w Warning
		w.Code = 24
		for _, m := range vanishedFile.FindAllStringSubmatch(stderr, -1) {
			w.Vanished = append(w.Vanished, m[1])
		}
		return w, nil
	case code == 255 || code == 12:
		if se := ssh.Classify(host, stderr); se != nil {
			e.Kind, e.Err = Connection, se
		} else if remoteRsyncMissing.MatchString(stderr) {
			e.Kind = RemoteRsyncMissing
		}
	case noSpace.MatchString(stderr):
		e.Kind = DiskFull
	case code == 23:
		e.Kind = PartialTransfer
		for _, m := range missingSource.FindAllStringSubmatch(stderr, -1) {
			e.Kind = SourceMissing
			e.Paths = append(e.Paths, m[1])
		}
		if e.Kind == PartialTransfer {
			for _, m := range baseRefused.FindAllStringSubmatch(stderr, -1) {
				e.Kind = BaseSymlinkRefused
				e.Paths = append(e.Paths, m[1])
			}
		}
	case code == 11:
		e.Kind = FileIO
	case code == 30 || code == 35:
		e.Kind = IOTimeout
	case code == 20:
		e.Kind = Interrupted
	}
	return Warning{}, e
}

// firstLine is the first stderr line matching re, "" when none does.
func firstLine(stderr string, re *regexp.Regexp) string {
	for _, line := range strings.Split(stderr, "\n") {
		if line = strings.TrimSpace(line); re.MatchString(line) {
			return line
		}
	}
	return ""
}
