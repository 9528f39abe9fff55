package scst

import (
	"regexp"
	"strings"
)

// entry is one line of scst.conf as scstadmin reads it: up to three words
// (keyword, value, second value) and the block that followed on it.
type entry struct {
	words    []string
	block    []entry
	hasBlock bool
	line     int
}

var (
	// scstadmin's reader cuts a comment at an unescaped '#' and takes the
	// character before it along (scst.conf(5) says so too).
	commentRE = regexp.MustCompile(`[^\\]#.*`)
	unescRE   = regexp.MustCompile(`\\(.)`)
	// A word: a double-quoted string (backslash pairs allowed inside) or
	// a run of non-blanks.
	wordRE = regexp.MustCompile(`"([^"\\]*(?:\\.[^"\\]*)*)"|(\S+)`)
)

// lex reads scst.conf the way scstadmin does: comments removed line by
// line, backslash escapes removed, then '{' opens a block belonging to the
// text before it, '}' closes one, and a newline ends an entry. It never
// fails; what scstadmin would silently drop is dropped with a warning.
func lex(text string) ([]entry, []Warning) {
	var clean []rune
	var lineOf []int
	for i, line := range strings.SplitAfter(text, "\n") {
		nl := strings.HasSuffix(line, "\n")
		if strings.HasPrefix(line, "#") {
			line = ""
			if nl {
				line = "\n"
			}
		} else if loc := commentRE.FindStringIndex(line); loc != nil {
			line = line[:loc[0]]
			if nl {
				line += "\n"
			}
		}
		line = unescRE.ReplaceAllString(line, "$1")
		for _, r := range line {
			clean = append(clean, r)
			lineOf = append(lineOf, i+1)
		}
	}
	l := &lexer{text: clean, lineOf: lineOf}
	entries := l.block(0)
	if l.pos < len(l.text) {
		l.warn(l.lineOf[l.pos], "", "a '}' closes nothing here; scstadmin ignores everything after it")
	}
	return entries, l.warns
}

type lexer struct {
	text   []rune
	lineOf []int
	pos    int
	warns  []Warning
}

func (l *lexer) warn(line int, text, reason string) {
	l.warns = append(l.warns, Warning{Line: line, Text: text, Reason: reason})
}

func (l *lexer) block(depth int) []entry {
	var out []entry
	var cur strings.Builder
	curLine := 0
	flush := func(block []entry, hasBlock bool) {
		if e, ok := l.entry(cur.String(), curLine); ok {
			e.block, e.hasBlock = block, hasBlock
			out = append(out, e)
		} else if hasBlock {
			l.warn(curLine, "", "a block with no name before its '{' is ignored (as scstadmin does)")
		}
		cur.Reset()
		curLine = 0
	}
	for l.pos < len(l.text) {
		r := l.text[l.pos]
		line := l.lineOf[l.pos]
		l.pos++
		switch r {
		case '{':
			if curLine == 0 {
				curLine = line
			}
			child := l.block(depth + 1)
			flush(child, true)
		case '}':
			if depth == 0 {
				// scstadmin's reader returns here and reads no further.
				l.pos--
				flush(nil, false)
				return out
			}
			if strings.TrimSpace(cur.String()) != "" {
				l.warn(line, strings.TrimSpace(cur.String()), "text before '}' on the same line is ignored (as scstadmin does)")
			}
			return out
		case '\n':
			flush(nil, false)
		default:
			if curLine == 0 && r != ' ' && r != '\t' {
				curLine = line
			}
			cur.WriteRune(r)
		}
	}
	if depth > 0 {
		l.warn(0, "", "a block is not closed before the end of the file")
	}
	flush(nil, false)
	return out
}

// entry splits one line into words as scstadmin's parseLine does; it
// keeps all words, and the converter warns about more than it uses.
func (l *lexer) entry(line string, n int) (entry, bool) {
	line = strings.TrimSpace(line)
	if line == "" {
		return entry{}, false
	}
	var words []string
	for _, m := range wordRE.FindAllStringSubmatchIndex(line, -1) {
		if m[2] >= 0 {
			words = append(words, line[m[2]:m[3]])
		} else {
			words = append(words, line[m[4]:m[5]])
		}
	}
	return entry{words: words, line: n}, true
}
