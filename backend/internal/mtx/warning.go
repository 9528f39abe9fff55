package mtx

import "fmt"

// Warning is a line a parser could not read. It is reported with the
// answer, and the rest of the output is still used: one odd line from a
// library must not hide its other slots.
type Warning struct {
	Line   int // 1-based line number in the output
	Text   string
	Reason string
}

func (w Warning) String() string {
	return fmt.Sprintf("line %d: %s: %q", w.Line, w.Reason, w.Text)
}
