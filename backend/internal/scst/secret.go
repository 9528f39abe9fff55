package scst

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// Secret is a CHAP secret. It is write-only: no format verb, JSON or slog
// prints it, so a Config can be logged, shown or put in an error without
// leaking it. Only the renderer (which writes scst.conf) and a caller that
// stores it deliberately call Reveal.
type Secret struct{ value string }

// NewSecret wraps a secret value.
func NewSecret(v string) Secret { return Secret{value: v} }

// Reveal returns the value. Call it only to write the secret where it
// belongs (scst.conf, the store), never into a log, argv or error.
func (s Secret) Reveal() string { return s.value }

// IsSet reports whether a value is present: what an API may show.
func (s Secret) IsSet() bool { return s.value != "" }

// Equal compares in constant time.
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.value), []byte(o.value)) == 1
}

const redacted = "(secret)"

func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the struct field.
func (s Secret) GoString() string { return "scst.Secret{" + s.String() + "}" }

// Format handles every verb (%s %v %q %x %d ...), so no verb reaches the
// field through reflection.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.String())
		return
	}
	fmt.Fprint(f, s.String())
}

// MarshalJSON writes whether a secret is set, never its value. There is
// deliberately no UnmarshalJSON: decoding JSON into a Secret fails instead
// of storing "(secret)" as somebody's password.
func (s Secret) MarshalJSON() ([]byte, error) {
	if s.value == "" {
		return []byte(`""`), nil
	}
	return []byte(`"` + redacted + `"`), nil
}

// LogValue keeps slog from printing it.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
