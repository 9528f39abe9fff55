package bacula

import (
	"fmt"
	"regexp"
	"strings"

	"bams/backend/api"
)

// Kind names why a bconsole command failed; the API passes it on as is.
type Kind string

// How a command can fail. bconsole exits 0 whatever the director answered
// (recipe gotcha G1), so every kind but the last four comes from the text.
const (
	NotFound       Kind = "not-found"       // a job, client, storage ... resource or job that does not exist
	UnknownCommand Kind = "unknown-command" // the director does not know the command
	BadArgument    Kind = "bad-argument"    // a keyword or value the command does not accept
	NotRunning     Kind = "not-running"     // cancel of a job that is not running
	// NeedsAnswer: the command stopped at a sub-prompt (a selection list,
	// "OK to run?"); it was aborted with "." and did nothing. Prompt holds
	// the question, so the caller can add the missing argument.
	NeedsAnswer Kind = "needs-answer"
	// DirectorUnreachable: nothing listens, the console password is wrong,
	// or the director went away mid-command. Detail says which.
	DirectorUnreachable Kind = "director-unreachable"
	Timeout             Kind = "timeout"          // no reply within the command's time; the session was killed
	OutputTooLarge      Kind = "output-too-large" // the reply exceeded Config.MaxReply; the rest was discarded
	BadCommand          Kind = "bad-command"      // refused before it reached bconsole (see checkCommand)
)

// Error is a failed bconsole command.
type Error struct {
	Kind    Kind
	Command string // the command as sent (never holds a password: bconsole commands carry none)
	Detail  string // the director's own words, or what went wrong on our side
	Prompt  string // NeedsAnswer: the sub-prompt's question
	Output  string // the whole reply, for the log and a raw console view
}

func (e *Error) Error() string {
	switch e.Kind {
	case DirectorUnreachable:
		return "bacula director unreachable: " + e.Detail
	case NeedsAnswer:
		return fmt.Sprintf("%q stopped at a prompt (%s) and was aborted", e.Command, strings.TrimSpace(e.Prompt))
	}
	return fmt.Sprintf("bconsole %q: %s", e.Command, e.Detail)
}

// replyPatterns recognise the director's error texts (Bacula 9.6.7,
// recorded in testdata/err_*.txt), first match wins. Each pattern is
// anchored at a line start: a job log or file list row starts with "| ",
// so a file named like an error never matches. The whole matched line is
// the Detail. Never modified.
var replyPatterns = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	// "foobar: is an invalid command." (also ".foobar: ...")
	{UnknownCommand, regexp.MustCompile(`(?m)^\S+: is an invalid command\.\s*$`)},
	// run/estimate: `Job "X" not found` (with or without the period);
	// show: "job resource X not found."
	{NotFound, regexp.MustCompile(`(?m)^Job "[^"]*" not found\.?\s*$`)},
	{NotFound, regexp.MustCompile(`(?m)^\w+ resource \S+ not found\.\s*$`)},
	// status client=nosuch: "Error: Client resource nosuch does not exist."
	// (the director then reports on another client: the error must win).
	{NotFound, regexp.MustCompile(`(?m)^Error: \w+ resource \S+ does not exist\.\s*$`)},
	// cancel jobid=999: "Warning Job JobId=999 is not running."
	{NotRunning, regexp.MustCompile(`(?m)^Warning Job JobId=\d+ is not running\.\s*$`)},
	// list foo: "Unknown list keyword: foo"
	{BadArgument, regexp.MustCompile(`(?m)^Unknown \w+ keyword: .*$`)},
}

// classify turns a reply's error text into an *Error, or nil when the reply
// reads as a success. "No results to list." is not an error: an empty
// catalog lists nothing; the parsers return no rows for it.
func classify(command, reply string) error {
	for _, p := range replyPatterns {
		if m := p.re.FindString(reply); m != "" {
			return &Error{Kind: p.kind, Command: command, Detail: strings.TrimSpace(m), Output: reply}
		}
	}
	return nil
}

// APIKind is what a console's answer means for an API caller.
func (e *Error) APIKind() api.ErrorKind {
	switch e.Kind {
	case NotFound:
		return api.KindNotFound
	case UnknownCommand, BadArgument, BadCommand, NeedsAnswer:
		return api.KindBadRequest
	case NotRunning:
		return api.KindConflict
	case DirectorUnreachable:
		return api.KindDirectorUnreachable
	case Timeout:
		return api.KindTimeout
	}
	return api.KindToolFailed
}
