package scst

import "fmt"

// Warning is a line a parser could not read, or read in a way worth
// saying. It is reported, and the rest of the output is still used.
type Warning struct {
	Line   int // 1-based line number, 0 when it is about the whole text
	Text   string
	Reason string
}

func (w Warning) String() string {
	if w.Line == 0 {
		return w.Reason
	}
	if w.Text == "" {
		return fmt.Sprintf("line %d: %s", w.Line, w.Reason)
	}
	return fmt.Sprintf("line %d: %s: %q", w.Line, w.Reason, w.Text)
}
