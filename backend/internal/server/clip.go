package server

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// Every string bamsd stores, logs or answers that a caller chose is
// bounded: the socket is open to every local user, and an unbounded
// path or value turned each denied request into megabytes of disk.
const (
	maxAuditText  = 1024 // a path or an error message in an audit record
	maxAuditValue = 512  // one parameter's value in an audit record
	maxAuditKey   = 64   // one parameter's name
	maxAuditKeys  = 32   // parameters per object, and elements per list
	maxQuoted     = 64   // a value quoted in an error message
	maxMessage    = 1024 // an error message
	maxField      = 128  // an error's field
)

// clip returns s if it has at most max bytes, else its first bytes (cut
// at a character) and a marker giving the original length, limit bytes in
// all: so clipping twice changes nothing.
func clip(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	marker := fmt.Sprintf("…[%d bytes]", len(s))
	cut := max(0, limit-len(marker))
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + marker
}

// goQuoted matches a Go %q literal, the way services quote bad values.
var goQuoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// shortMessage bounds an error message for the wire and the audit trail:
// each quoted value to a short prefix, the whole to maxMessage. Services
// quote what they refuse with %q; this one place keeps every one of them
// from echoing a 100 KB host name back.
func shortMessage(msg string) string {
	msg = goQuoted.ReplaceAllStringFunc(msg, func(q string) string {
		if len(q) <= maxQuoted+2 {
			return q
		}
		v, err := strconv.Unquote(q)
		if err != nil {
			v = q[1 : len(q)-1]
		}
		return strconv.Quote(clip(v, maxQuoted))
	})
	return clip(msg, maxMessage)
}
