package server

import (
	"regexp"
	"strconv"

	"bams/backend/internal/audit"
)

// The error a caller gets is bounded too, whatever a service quoted into it.
const (
	maxQuoted  = 64   // a value quoted in an error message
	maxMessage = 1024 // an error message
	maxField   = 128  // an error's field
)

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
		return strconv.Quote(audit.Clip(v, maxQuoted))
	})
	return audit.Clip(msg, maxMessage)
}
