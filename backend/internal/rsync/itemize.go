package rsync

import (
	"strconv"
	"strings"
)

// Change is one line of --itemize-changes: what rsync did (or, in a dry
// run, would do) to one entry of the destination.
type Change struct {
	Op   string // ChangeCreate, ChangeUpdate, ChangeAttrs, ChangeDelete, ChangeLink
	Type string // "file", "dir", "symlink", "device", "fifo"; "" for a delete
	// Path is relative to the transfer root, without a trailing "/"
	// (with --relative: the full source path, "srv/www/index.html").
	Path   string
	What   string // attribute letters that differ ("st": size and time)
	Target string // a symlink's text, or the path a hard link points to
}

// Operations of a Change.
const (
	ChangeCreate = "create"
	ChangeUpdate = "update"
	ChangeAttrs  = "attrs"
	ChangeDelete = "delete"
	ChangeLink   = "link"
)

// itemLetters name the attribute columns 3 to 11 of an item ("YXcstpoguax").
const itemLetters = "cstpoguax"

// parseItem reads one --itemize-changes line (rsync 3.5.0, recorded in
// testdata/itemize-*): 11 columns, a space, the name ("YXcstpoguax name",
// or "*deleting   name"). Names are escaped as rsync prints them (\#ooo for
// unprintable bytes); a symlink ends in " -> text", a hard link in
// " => other".
func parseItem(line string) (Change, bool) {
	if len(line) < 13 || line[11] != ' ' {
		return Change{}, false
	}
	flags, name := line[:11], unescape(line[12:])
	if strings.HasPrefix(flags, "*deleting") {
		return Change{Op: ChangeDelete, Path: strings.TrimSuffix(name, "/")}, true
	}
	if !strings.ContainsRune("<>ch.", rune(flags[0])) {
		return Change{}, false
	}
	var c Change
	switch flags[1] {
	case 'f':
		c.Type = "file"
	case 'd':
		c.Type = "dir"
	case 'L':
		c.Type = "symlink"
	case 'D':
		c.Type = "device"
	case 'S':
		c.Type = "fifo"
	default:
		return Change{}, false
	}
	for i, ch := range flags[2:] {
		switch {
		case ch == '.' || ch == '+' || ch == ' ':
		case !strings.ContainsRune("cstTpoguanbx", ch):
			return Change{}, false
		default:
			c.What += string(itemLetters[i])
		}
	}
	switch {
	case flags[0] == 'h':
		c.Op = ChangeLink
		name, c.Target, _ = strings.Cut(name, " => ")
	case flags[2:] == "+++++++++":
		c.Op = ChangeCreate
	case flags[0] == '.':
		c.Op = ChangeAttrs
	default:
		c.Op = ChangeUpdate
	}
	if c.Type == "symlink" {
		name, c.Target, _ = strings.Cut(name, " -> ")
	}
	if c.Op == ChangeCreate {
		c.What = ""
	}
	c.Path = strings.TrimSuffix(name, "/")
	return c, true
}

// unescape undoes rsync's \#ooo escapes of bytes it will not print.
func unescape(s string) string {
	if !strings.Contains(s, `\#`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 < len(s) && s[i+1] == '#' {
			if n, err := strconv.ParseUint(s[i+2:i+5], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 4
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ItemizeWriter takes the stdout of an rsync run with --itemize-changes:
// item lines are parsed and kept (the first max, all counted); everything
// else goes on to a ProgressWriter, which reads progress and keeps the
// --stats block.
type ItemizeWriter struct {
	next    *ProgressWriter
	max     int
	pending []byte
	changes []Change
	total   int
}

// NewItemizeWriter keeps at most max changes and passes the rest to next.
func NewItemizeWriter(next *ProgressWriter, max int) *ItemizeWriter {
	return &ItemizeWriter{next: next, max: max}
}

// Write never fails, so rsync is never blocked by a bad line.
func (w *ItemizeWriter) Write(b []byte) (int, error) {
	for _, c := range b {
		if c == '\r' || c == '\n' {
			w.record(c)
			continue
		}
		if len(w.pending) < maxRecord {
			w.pending = append(w.pending, c)
		}
	}
	return len(b), nil
}

// Close handles a last line that had no line end.
func (w *ItemizeWriter) Close() error {
	w.record('\n')
	return w.next.Close()
}

func (w *ItemizeWriter) record(end byte) {
	rec := w.pending
	w.pending = w.pending[:0]
	if c, ok := parseItem(string(rec)); ok {
		w.total++
		if len(w.changes) < w.max {
			w.changes = append(w.changes, c)
		}
		return
	}
	_, _ = w.next.Write(append(rec, end))
}

// Changes are the kept changes, in rsync's order.
func (w *ItemizeWriter) Changes() []Change { return w.changes }

// Total counts every change.
func (w *ItemizeWriter) Total() int { return w.total }

// Text is the output that was neither an item nor progress (the --stats block).
func (w *ItemizeWriter) Text() string { return w.next.Text() }
