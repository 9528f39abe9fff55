package zfs

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/execx"
)

// ReceiveKind names why a `zfs receive` (or the `zfs send` feeding it)
// failed, from the messages of OpenZFS's lib/libzfs/libzfs_sendrecv.c and
// libzfs_util.c (testdata/receive/ holds one file per message, each with
// a .source naming its lines).
type ReceiveKind string

const (
	RecvExists        ReceiveKind = "target-exists"        // a full stream into a dataset that exists (would need -F)
	RecvHasSnapshots  ReceiveKind = "target-has-snapshots" // a full stream into a dataset holding snapshots
	RecvModified      ReceiveKind = "target-modified"      // written to since its newest snapshot (would need a rollback)
	RecvMismatch      ReceiveKind = "base-mismatch"        // the target's newest snapshot is not the stream's base
	RecvNoTarget      ReceiveKind = "target-missing"       // an incremental stream for a dataset the target lacks
	RecvNoSpace       ReceiveKind = "no-space"             // pool full or quota exceeded
	RecvResumeInvalid ReceiveKind = "resume-invalid"       // the resume token is corrupt, stale or for another stream
	RecvPartial       ReceiveKind = "partial-state"        // a saved partial receive is in the way: resume it first
	RecvInterrupted   ReceiveKind = "interrupted"          // the stream was cut or damaged on the way (checksum mismatch, incomplete)
	RecvPermission    ReceiveKind = "permission"           // the target's user may not receive (zfs allow)
	RecvBusy          ReceiveKind = "busy"                 // the target dataset is busy
	RecvEncryption    ReceiveKind = "encryption"           // key not loaded, keys differ, raw onto unencrypted
	RecvUnsupported   ReceiveKind = "unsupported"          // the target's pool or kernel module is too old for the stream
	RecvFailed        ReceiveKind = "failed"               // anything else: Stderr says what
)

// receivePatterns: the first that matches decides; the texts are
// OpenZFS's own (line breaks inside a message are as it prints them).
var receivePatterns = []execx.Pattern[ReceiveKind]{
	{Kind: RecvPartial, RE: regexp.MustCompile(`contains partially-complete state from "zfs receive -s"`)},
	{Kind: RecvResumeInvalid, RE: regexp.MustCompile(`resume token is corrupt|resume token does not match dataset|used in the initial send no longer exists|is no longer the same snapshot used in the initial send|^cannot resume send: incremental source \S+ no longer exists|Resuming recv on existing dataset without force|kernel does not support resuming`)},
	{Kind: RecvModified, RE: regexp.MustCompile(`has been modified\s+since most recent snapshot`)},
	{Kind: RecvMismatch, RE: regexp.MustCompile(`does not\s+match incremental source|local fs \S+ does not have fromsnap`)},
	{Kind: RecvHasSnapshots, RE: regexp.MustCompile(`destination has snapshots \(eg\. \S+\)`)},
	{Kind: RecvExists, RE: regexp.MustCompile(`(?m)destination '[^']*' exists\s+must specify -F to overwrite it|: destination already exists$|destination '[^']*' is a clone`)},
	{Kind: RecvNoTarget, RE: regexp.MustCompile(`destination '[^']*' does not exist`)},
	{Kind: RecvNoSpace, RE: regexp.MustCompile(`(?m): out of space$|space quota exceeded`)},
	{Kind: RecvEncryption, RE: regexp.MustCompile(`inherited key must be loaded|encryption key does not match existing key|failed to create encryption key|cannot perform raw receive on top of existing unencrypted dataset|IV set guid (?:missing|mismatch)`)},
	{Kind: RecvUnsupported, RE: regexp.MustCompile(`pool must be upgraded to receive this stream|kernel modules must be upgraded to receive this stream|stream uses crypto parameters not compatible|requires -L \(--large-block\)`)},
	{Kind: RecvInterrupted, RE: regexp.MustCompile(`checksum mismatch|incomplete stream|failed to read from stream|invalid stream \(bad magic number\)`)},
	{Kind: RecvPermission, RE: regexp.MustCompile(`(?m): permission denied$`)},
	{Kind: RecvBusy, RE: regexp.MustCompile(`(?m): (?:dataset is busy|pool or dataset is busy)$`)},
}

// receiveHints say what an admin can do about each kind.
var receiveHints = map[ReceiveKind]string{
	RecvExists:        "the target dataset exists but shares no snapshot with the source; BAMS never overwrites it: choose another target dataset, or destroy this one on the target yourself",
	RecvHasSnapshots:  "the target dataset holds snapshots the source does not have; BAMS never destroys them: choose another target dataset, or remove them on the target yourself",
	RecvModified:      "the target dataset was written to since its newest snapshot; BAMS never rolls it back: set readonly=on on it and roll it back to its newest snapshot on the target yourself",
	RecvMismatch:      "the target's newest snapshot is not the one this stream starts from (a snapshot was taken or received there); BAMS never rolls it back: destroy the newer snapshots on the target yourself",
	RecvNoTarget:      "the target dataset is gone; the next run sends everything again if the target has none of this task's snapshots",
	RecvNoSpace:       "the target pool is full or a quota is reached: free space or raise the quota on the target",
	RecvResumeInvalid: "the saved partial receive cannot be resumed from this source (its snapshot changed or was destroyed): abort it on the target with `zfs receive -A <target>`",
	RecvPartial:       "a partial receive is saved on the target: the next run resumes it (or abort it with `zfs receive -A <target>`)",
	RecvInterrupted:   "the stream was cut or damaged on the way; the partial receive is saved and the next run resumes it",
	RecvPermission:    "the target user may not receive: run as root there or grant it with `zfs allow <user> receive,create,mount,hold,release,destroy <parent>`",
	RecvBusy:          "the target dataset is busy (another receive, or it is being destroyed): try again later",
	RecvEncryption:    "the target's encryption does not fit the stream (a key not loaded, another key, or a raw stream onto an unencrypted dataset)",
	RecvUnsupported:   "the target's pool or ZFS is older than the stream needs: upgrade it on the target",
}

// ReceiveError is a failed replication stream, classified.
type ReceiveError struct {
	Kind   ReceiveKind
	Stderr string // what zfs printed
	Err    error
}

func (e *ReceiveError) Error() string {
	msg := "zfs receive: " + strings.Join(strings.Fields(firstLine(e.Stderr)), " ")
	if e.Stderr == "" && e.Err != nil {
		msg = "zfs receive: " + e.Err.Error()
	}
	if hint := receiveHints[e.Kind]; hint != "" {
		msg += " (" + hint + ")"
	}
	return msg
}

func (e *ReceiveError) Unwrap() error { return e.Err }

// APIKind: what the target holds is in the way (conflict), or the target
// machine's zfs failed.
func (e *ReceiveError) APIKind() api.ErrorKind {
	switch e.Kind {
	case RecvExists, RecvHasSnapshots, RecvModified, RecvMismatch, RecvPartial, RecvResumeInvalid:
		return api.KindConflict
	case RecvBusy:
		return api.KindBusy
	}
	return api.KindToolFailed
}

// ClassifyReceive is the kind of a receive's (or a send's) stderr.
func ClassifyReceive(stderr string) ReceiveKind {
	return execx.FirstMatch(strings.TrimSpace(stderr), receivePatterns, RecvFailed)
}

// ReceiveFailure turns a finished receive into a *ReceiveError (nil on
// success; ctx's error when it was cancelled).
func ReceiveFailure(ctx context.Context, res execx.Result, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return &Error{Kind: Cancelled, Tool: "zfs", Args: []string{"receive"}, Err: ctx.Err()}
	}
	var ee *execx.ExitError
	if !errors.As(err, &ee) || ee.TimedOut {
		return err
	}
	stderr := strings.TrimSpace(string(res.Stderr))
	return &ReceiveError{Kind: ClassifyReceive(stderr), Stderr: stderr, Err: err}
}
