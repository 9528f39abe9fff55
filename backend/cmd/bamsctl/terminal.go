package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names and text that bamsctl prints come from hosts (file names), tools
// (rsync, bconsole) and users: a raw ESC, BEL or CR in them would write
// into the admin's terminal. So every string is printed with its control
// characters escaped, two ways:
//
//   - shown quotes a single-line value (a name, a path, a log line) that
//     holds any, in bash's $'...' (which `bamsctl files` already used for
//     names that are not UTF-8), so it can be pasted back and a newline in
//     a name cannot fake a line of output;
//   - safeWriter, under all of bamsctl's text output, escapes any control
//     character still left (except the newlines and tabs of the layout) as
//     \xNN, so nothing printed can reach the terminal raw.

// unsafeRune: a rune a terminal could act on, or that hides what it is.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// shown is s itself when it is valid UTF-8 without a control or format
// character, else s in $'...' quoting.
func shown(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	return shellQuoted(s)
}

// shellQuoted writes s in bash's $'...' quoting: bytes that are not UTF-8,
// control and format characters as \xNN of their bytes, so that it can be
// pasted back into a command line and names exactly those bytes.
func shellQuoted(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1, unsafeRune(r):
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "\\x%02x", s[i])
			}
		case r == '\'' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	b.WriteByte('\'')
	return b.String()
}

// safeWriter escapes, in what passes through it, every control character
// but '\n' and '\t', and every byte that is not UTF-8, as \xNN. Each
// write is taken alone: bamsctl writes whole strings (tabwriter, whole
// cells), so a character is never cut between two.
type safeWriter struct{ w io.Writer }

func terminalSafe(w io.Writer) io.Writer { return safeWriter{w} }

func (s safeWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p))
	for in := p; len(in) > 0; {
		r, n := utf8.DecodeRune(in)
		if r == '\n' || r == '\t' || !(r == utf8.RuneError && n == 1) && !unsafeRune(r) {
			out = append(out, in[:n]...)
		} else {
			for _, c := range in[:n] {
				out = fmt.Appendf(out, "\\x%02x", c)
			}
		}
		in = in[n:]
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
