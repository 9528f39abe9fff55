package lvm

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bams/backend/internal/execx"
)

// Kind names why an LVM command failed; the API passes it on.
type Kind string

// Kinds and the stderr they come from (lvm2 2.03.16, recorded in
// testdata/transcript*.txt unless marked).
const (
	NotFound       Kind = "not-found"        // `Volume group "novg" not found`, `Failed to find logical volume "vg/lv"`
	Exists         Kind = "exists"           // `A volume group called bamsvg already exists.`; `Logical Volume "x" already exists` (LVM wording)
	DeviceUnusable Kind = "device-unusable"  // `Cannot use /dev/loop7: device is too small (pv_min_size)`
	NoSpace        Kind = "no-space"         // `Insufficient suitable allocatable extents ...`
	NoDeviceMapper Kind = "no-device-mapper" // `Can't create thin-pool without using device-mapper kernel driver.`, `... target(s) not detected`
	InUse          Kind = "in-use"           // `Logical volume vg/lv contains a filesystem in use.` (LVM wording)
	Cancelled      Kind = "cancelled"
	Failed         Kind = "failed"
)

// Error is a failed LVM command.
type Error struct {
	Kind   Kind
	Tool   string
	Args   []string
	Stderr string // without LVM's "Activation disabled" warning
	Err    error
}

func (e *Error) Error() string {
	if e.Kind == Cancelled {
		return e.Tool + " was cancelled"
	}
	for _, line := range strings.Split(e.Stderr, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "WARNING:") && !strings.HasPrefix(line, "Run `") {
			return e.Tool + ": " + line
		}
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
	{Kind: NotFound, RE: regexp.MustCompile(`(?m)^\s*(?:Volume group "[^"]*" not found|Failed to find logical volume "[^"]*"|Failed to find physical volume "[^"]*")`)},
	{Kind: Exists, RE: regexp.MustCompile(`(?m)^\s*(?:A volume group called \S+ already exists\.|Logical Volume "[^"]*" already exists in volume group)`)},
	{Kind: DeviceUnusable, RE: regexp.MustCompile(`(?m)^\s*Cannot use \S+: `)},
	{Kind: NoSpace, RE: regexp.MustCompile(`(?m)^\s*(?:Insufficient suitable allocatable extents|Insufficient free space|Volume group "[^"]*" has insufficient free space)`)},
	{Kind: NoDeviceMapper, RE: regexp.MustCompile(`(?m)without using device-mapper kernel driver|Required device-mapper target\(s\) not detected`)},
	{Kind: InUse, RE: regexp.MustCompile(`(?m)contains a filesystem in use|is used by another device|in use\.$`)},
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
	e := &Error{Kind: Failed, Tool: tool, Args: args, Stderr: strings.TrimSpace(string(res.Stderr)), Err: err}
	e.Kind = execx.FirstMatch(e.Stderr, patterns, Failed)
	return e
}
