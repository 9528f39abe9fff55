// Package rsync runs rsync for bamsd's pull backups: the argv of a pull
// into a staging folder with --link-dest bases, a parser of its
// --info=progress2 stream and of its --stats block (both tested on
// recorded real output in testdata/), and its exit codes and stderr turned
// into typed errors, ssh's own failures through package ssh.
//
// It knows rsync, ssh's command line and the exec wrapper only; the tools
// come in as an *execx.Runner.
package rsync

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bams/backend/internal/sandbox"
	"bams/backend/internal/ssh"
)

// Limits of a pull.
const (
	// MaxLinkDest is rsync's own limit on --link-dest folders (MAX_BASIS_DIRS).
	MaxLinkDest = 20
	// DefaultIOTimeout is rsync's --timeout when Options leaves it 0: a
	// silent host fails the run instead of hanging it for ever.
	DefaultIOTimeout = 10 * time.Minute
	maxSources       = 64 // paths of one restore
	maxPatterns      = 256
	maxPatternLength = 512
)

// reservedName: a plain file name, no glob characters. Never modified.
var reservedName = regexp.MustCompile(`^\.?[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Options is one pull.
type Options struct {
	SSH    ssh.Options // the host, bamsd's key and known_hosts
	Source string      // an absolute folder or file on the host ("/": its contents)
	// Dest is the local folder the Source lands in (as Dest/<its name>):
	// the caller lays several sources out as <staging>/<source path>.
	Dest string
	// LinkDest are the bases whose unchanged files are hard-linked rather
	// than copied, in order of preference: an interrupted run's staging
	// folder first (its finished files), then the newest complete snapshot.
	// Each is the base's folder matching Dest.
	LinkDest []string
	// InPlace updates Dest, a working copy holding the previous run's
	// files, in place and deletes what the host no longer has (no
	// LinkDest): for snapshot layouts where every snapshot is
	// copy-on-write, so rewriting a file never changes one.
	InPlace       bool
	Include       []string      // rsync patterns, ahead of the excludes: an include wins
	Exclude       []string      // rsync patterns
	BandwidthKBps int           // --bwlimit in KiB/s; 0: unlimited
	IOTimeout     time.Duration // --timeout, whole seconds; 0: DefaultIOTimeout
	// ACLs and Xattrs add -A and -X. Both need root on both sides and a
	// backup file system that stores them, so they are per host.
	ACLs, Xattrs bool
	// OneFileSystem (-x) does not cross mount points below a source, so
	// backing up "/" leaves out /proc, /sys and network mounts.
	OneFileSystem bool
	// Reserved are names the caller keeps at the top of Dest for itself
	// (a metadata file). When Source is "/", the only case where the
	// host's top-level names land there too, each is excluded ahead of
	// every other rule, so the host can never put anything in their place.
	Reserved []string
	// Protect are names at the top of Dest that its file system keeps
	// there itself (ZFS's .zfs: the snapshots, shown when snapdir=visible;
	// an rmdir there destroys one). Whatever the other rules say, each is
	// never sent (a host's own /.zfs included), never deleted and never
	// entered.
	Protect []string
	// ConfineTo, when set, is --confine-root: a --link-dest path that
	// resolves out of this folder (through a symlink in a base, which the
	// host put there) is refused instead of followed. Give it with its
	// symlinks resolved; it needs rsync 3.4.2 or later (see Features).
	ConfineTo string
	// Sandbox, when set, runs rsync (and the ssh it starts) confined to
	// these rules by the kernel (see package sandbox): what the bases'
	// symlinks point at is then unreachable whatever rsync's version.
	// SSH must then sign through an agent (ssh.Options.Agent), since the
	// private key is not readable under the rules.
	Sandbox *sandbox.Rules
}

// ValidationError is a bad value, named by its field, that never reached a
// command line. The SSH fields give an *ssh.ValidationError instead.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

func (e *ValidationError) Error() string {
	value := e.Value
	if len(value) > 64 { // a bad value may be huge: its start is enough to recognise it
		value = value[:64] + "…"
	}
	return fmt.Sprintf("invalid %s %q: %s", e.Field, value, e.Reason)
}

// Validate checks every field that reaches the command line.
func (o Options) Validate() error {
	if err := o.SSH.Validate(); err != nil {
		return err
	}
	if err := validPath("source", o.Source); err != nil {
		return err
	}
	if err := validPath("dest", o.Dest); err != nil {
		return err
	}
	if len(o.LinkDest) > MaxLinkDest {
		return &ValidationError{"link_dest", strings.Join(o.LinkDest, " "), fmt.Sprintf("rsync takes at most %d", MaxLinkDest)}
	}
	for i, p := range o.LinkDest {
		if err := validPath(fmt.Sprintf("link_dest[%d]", i), p); err != nil {
			return err
		}
	}
	if o.InPlace && len(o.LinkDest) > 0 {
		return &ValidationError{"link_dest", strings.Join(o.LinkDest, " "), "an in-place update links from no base"}
	}
	if o.ConfineTo != "" {
		if err := validPath("confine_to", o.ConfineTo); err != nil {
			return err
		}
	}
	for i, name := range o.Reserved {
		if !reservedName.MatchString(name) {
			return &ValidationError{fmt.Sprintf("reserved[%d]", i), name, "must be one plain file name"}
		}
	}
	for i, name := range o.Protect {
		if !reservedName.MatchString(name) {
			return &ValidationError{fmt.Sprintf("protect[%d]", i), name, "must be one plain file name"}
		}
	}
	for field, patterns := range map[string][]string{"include": o.Include, "exclude": o.Exclude} {
		if len(patterns) > maxPatterns {
			return &ValidationError{field, "", fmt.Sprintf("at most %d patterns", maxPatterns)}
		}
		for i, p := range patterns {
			if err := validPattern(fmt.Sprintf("%s[%d]", field, i), p); err != nil {
				return err
			}
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

// MaxPathLength is the longest path bamsd gives rsync (Linux's PATH_MAX).
const MaxPathLength = 4096

// CheckPath says why p cannot be a path on bamsd's rsync command lines, or
// "" when it can: absolute and clean (no "..", ".", "//" or trailing "/"),
// valid UTF-8 without control characters or line separators, at most
// MaxPathLength bytes. Absolute, it never starts with "-". Spaces, quotes
// and any letters are fine: no shell sees it on this side, and
// --secluded-args hands it to the host's rsync without its shell.
func CheckPath(p string) string {
	switch {
	case len(p) > MaxPathLength:
		return fmt.Sprintf("must be at most %d bytes", MaxPathLength)
	case !strings.HasPrefix(p, "/"):
		return "must be absolute"
	case !utf8.ValidString(p) || strings.IndexFunc(p, isControl) >= 0:
		return "must not hold control characters, line breaks or invalid UTF-8"
	case p == "/..", strings.HasPrefix(p, "/../"), strings.Contains(p, "/../"), strings.HasSuffix(p, "/.."):
		return `must not hold ".."`
	case path.Clean(p) != p:
		return `must be clean (no ".", "//" or trailing "/")`
	}
	return ""
}

func validPath(field, p string) error {
	if reason := CheckPath(p); reason != "" {
		return &ValidationError{field, p, reason}
	}
	return nil
}

// validPattern: --exclude/--include read "- ", "+ " and a lone "!" as rule
// prefixes (an exclude "+ /etc" would include /etc, checked with rsync
// 3.5.0), so no pattern may start with those; none may start with "-" at
// all, nor hold control characters (a newline would end the rule).
func validPattern(field, p string) error {
	switch {
	case p == "" || len(p) > maxPatternLength:
		return &ValidationError{field, p, fmt.Sprintf("must be 1 to %d characters", maxPatternLength)}
	case strings.HasPrefix(p, "-") || strings.HasPrefix(p, "+") || p == "!":
		return &ValidationError{field, p, `must not start with "-" or "+", nor be "!"`}
	case strings.IndexFunc(p, unicode.IsControl) >= 0:
		return &ValidationError{field, p, "must not hold control characters"}
	}
	return nil
}
