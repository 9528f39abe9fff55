package mtx

import (
	"context"
	"errors"
	"strings"

	"bams/backend/internal/execx"
)

// Kind names why an mtx command failed; the API passes it on.
type Kind string

const (
	// BecomingReady: "Not Ready" with "in process of becoming ready" (or
	// "not self-configured yet"). The only kind that is retried.
	BecomingReady Kind = "becoming-ready"
	// MediumRemovalPrevented: the drive holds the cartridge (Illegal
	// Request 53/02 or 53/03; recorded): it is mounted or locked by the
	// program using it. Unmount it there (Bacula: `release`/`unmount`)
	// and eject it, then unload.
	MediumRemovalPrevented Kind = "medium-removal-prevented"
	// NeedsEject: mtx's "Drive needs offline before move" (3A/00): the
	// drive has not ejected the cartridge (mt offline) yet.
	NeedsEject Kind = "needs-eject"
	// SourceEmpty, DestinationFull: the library disagrees with the status
	// BAMS checked (3B/0E, 3B/0D, or mtx's own checks): re-read status.
	SourceEmpty     Kind = "source-empty"
	DestinationFull Kind = "destination-full"
	// UnknownSource: `unload` without a slot for a drive whose source the
	// library does not know ("No Source for tape in drive N!").
	UnknownSource Kind = "unknown-source"
	// NoSuchElement: mtx refused a slot or drive number it does not have.
	NoSuchElement Kind = "no-such-element"
	// CleaningEjected: a cleaning cartridge was loaded, cleaned and
	// ejected (30/03), reported by mtx as a failure.
	CleaningEjected Kind = "cleaning-ejected"
	// StateChanged: "Unit Attention" (28/00 not-ready-to-ready change,
	// 29/xx reset): the door was opened or the library reset, so its
	// contents may have changed. Not retried: the status the move was
	// checked against may be stale; re-read it and check again.
	StateChanged Kind = "state-changed"
	// NotReady: any other "Not Ready" (door open, manual intervention
	// required, no medium): a person must act.
	NotReady Kind = "not-ready"
	// HardwareError: the robot failed ("Hardware Error" sense): the
	// cartridge may be left in the picker; re-read status.
	HardwareError Kind = "hardware-error"
	// NoDevice: "cannot open SCSI device" (recorded); NotChanger: the path
	// is not an sg device ("... is not an sg device, or old sg driver", recorded).
	NoDevice   Kind = "no-device"
	NotChanger Kind = "not-changer"
	Cancelled  Kind = "cancelled" // ctx ended
	TimedOut   Kind = "timed-out" // the call's timeout ended it
	Failed     Kind = "failed"    // anything else; Stderr says what
)

// Retryable reports whether a command that failed with k may simply run
// again after a pause.
func (k Kind) Retryable() bool { return k == BecomingReady }

// Error is a failed mtx command.
type Error struct {
	Kind     Kind
	Args     []string // argv after "mtx"
	Message  string   // the line that says what failed (mtx's own message when it printed one)
	Sense    *Sense   // the last sense report, when mtx printed one
	Stderr   string
	Attempts int   // how many times it ran (retries of BecomingReady included)
	Err      error // the *execx.ExitError, or ctx.Err()
}

func (e *Error) Error() string {
	msg := "mtx " + strings.Join(e.Args, " ") + ": "
	switch {
	case e.Kind == Cancelled:
		return msg + "cancelled"
	case e.Kind == TimedOut:
		return msg + "timed out"
	case e.Message != "":
		return msg + e.Message
	case e.Err != nil:
		return msg + e.Err.Error()
	}
	return msg + string(e.Kind)
}

func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// mtx's own fatal messages (after the argv[0] prefix), from mtx.c.
var messageKinds = []struct {
	text string
	kind Kind
}{
	{"cannot open SCSI device", NoDevice},
	{"is not an sg device", NotChanger},
	{"Drive needs offline before move", NeedsEject},
	{"Cleaning Cartridge Installed and Ejected", CleaningEjected},
	{"is Already Full", DestinationFull}, // "Destination Element Address N ...", "Storage Element N ..."
	{" Full (Storage Element ", DestinationFull},
	{"is Empty", SourceEmpty}, // "Source Element Address N ...", "Data Transfer Element N ..."
	{"No Source for tape in drive", UnknownSource},
	{"Do not know which slot to unload", UnknownSource},
	{"argument '", NoSuchElement}, // "Invalid <storage-element-number> argument '9' to 'load' command"
	{"Invalid source", NoSuchElement},
	{"Invalid destination", NoSuchElement},
}

// Classify says why a failed mtx run failed, from what it printed. It is
// pure, so every recorded failure is a test. Sense codes decide first
// (they are the library's own words); mtx's messages next.
func Classify(stdout, stderr string) (Kind, *Sense, string) {
	all := stdout + "\n" + stderr
	msg := lastMessage(stderr)
	var sense *Sense
	if ss := ParseSense(all); len(ss) > 0 {
		s := ss[len(ss)-1]
		sense = &s
		switch {
		case s.becomingReady():
			return BecomingReady, sense, msg
		case s.is(0x53, 0x02) || s.is(0x53, 0x03):
			return MediumRemovalPrevented, sense, withDefault(msg, "medium removal prevented (the drive holds the cartridge)")
		case s.is(0x3B, 0x0E):
			return SourceEmpty, sense, msg
		case s.is(0x3B, 0x0D):
			return DestinationFull, sense, msg
		case s.is(0x30, 0x03):
			return CleaningEjected, sense, msg
		case s.is(0x3A, 0x00) && s.Key != "Not Ready":
			return NeedsEject, sense, msg
		case s.Key == "Unit Attention":
			return StateChanged, sense, withDefault(msg, "the library reports a change (door opened or reset): re-read its status")
		case s.Key == "Not Ready":
			return NotReady, sense, msg
		case s.Key == "Hardware Error":
			return HardwareError, sense, msg
		}
	}
	for _, m := range messageKinds {
		if strings.Contains(all, m.text) {
			return m.kind, sense, msg
		}
	}
	return Failed, sense, msg
}

// lastMessage is the last stderr line that is not part of a sense report:
// mtx's FatalError line ("MOVE MEDIUM from Element Address 500 to 1005 Failed").
func lastMessage(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l != "" && !isSenseLine(l) {
			return l
		}
	}
	return ""
}

func withDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// classify turns a finished run into a typed error (nil on success).
func classify(ctx context.Context, args []string, res execx.Result, err error) error {
	if err == nil {
		return nil
	}
	var ee *execx.ExitError
	switch {
	case errors.As(err, &ee) && ee.TimedOut:
		return &Error{Kind: TimedOut, Args: args, Stderr: string(res.Stderr), Err: err}
	case ctx.Err() != nil:
		return &Error{Kind: Cancelled, Args: args, Err: ctx.Err()}
	case ee == nil:
		return err // not installed, or it did not start: execx says which
	}
	kind, sense, msg := Classify(string(res.Stdout), string(res.Stderr))
	return &Error{Kind: kind, Args: args, Message: msg, Sense: sense, Stderr: strings.TrimSpace(string(res.Stderr)), Err: err}
}
