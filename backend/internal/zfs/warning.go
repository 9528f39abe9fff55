package zfs

import "fmt"

// Warning is a line a parser could not read. It is reported, and the rest
// of the output is still used: one odd dataset must not hide the others.
type Warning struct {
	Line   int // 1-based line number in the output, 0 for JSON
	Text   string
	Reason string
}

func (w Warning) String() string {
	if w.Line == 0 {
		return w.Reason + ": " + w.Text
	}
	return fmt.Sprintf("line %d: %s: %q", w.Line, w.Reason, w.Text)
}
