package bacula

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// How replies are delimited. bconsole runs "@echo TEXT" itself and prints
// "TEXT " (with a trailing space), but only after it has read the
// director's reply to the line before up to its end-of-data. So
// "cmd\n@echo MARK\n" and reading up to the line "MARK " yields exactly
// cmd's reply (outputs/session_echo_markers.txt). bconsole also echoes
// every input line it reads from a pipe, "@echo MARK" included.
//
// When a command ends at a sub-prompt ("Select Job resource (1-4): "), the
// prompt has no newline and the echoed "@echo MARK" is glued onto it, while
// the director still waits for an answer; "." aborts it. Replies that never
// end in a newline (.defaults, .sql: gotcha G7) are glued the same way;
// there "." is a no-op command that prints nothing.

// youHaveMessages is what the director appends to any reply, sometimes
// without a newline, when its console message queue is not empty.
const youHaveMessages = "You have messages."

// promptEnd recognises a sub-prompt among glued text: the director's
// prompts end in ": " or "? " ("Select item:  (1-13): ", "OK to run?
// (yes/mod/no): ", "Enter new Volume name: "); a .defaults or .sql reply
// ends in a value or a tab.
var promptEnd = regexp.MustCompile(`[:?] *$`)

// newMarker returns a marker prefix unique to one bconsole process. Markers
// may use only [A-Za-z0-9_.-]: "@echo a=b" prints "a" and "@echo ==X=="
// a blank (outputs/echo_marker_with_equals_sign.txt).
func newMarker() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "BAMS-" + hex.EncodeToString(b)
}

func markerN(prefix string, n int) string { return fmt.Sprintf("%s-%d", prefix, n) }

// chunk is what bconsole printed up to one marker.
type chunk struct {
	lines []string // complete lines, without the echo of "@echo MARK"
	// glued is text printed without a newline right before the marker's
	// echo: a sub-prompt, or the end of a reply that has no final newline.
	glued    string
	tooLarge bool // lines were dropped past the reply limit
}

// transcript reads bconsole's output, bounded: at most max bytes are kept
// per chunk, and a line longer than that (a .sql reply is one line) keeps
// only its tail, enough to find a marker in.
type transcript struct {
	br  *bufio.Reader
	max int
}

// readLine returns the next line without its newline. A line over the
// limit is cut to its last 1 KiB and reported as cut.
func (t *transcript) readLine(limit int) (line string, cut bool, err error) {
	var b []byte
	for {
		frag, err := t.br.ReadSlice('\n')
		b = append(b, frag...)
		if len(b) > limit+1024 {
			b = append(b[:0], b[len(b)-1024:]...)
			cut = true
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return string(b), cut, err
		}
		return strings.TrimSuffix(string(b), "\n"), cut, nil
	}
}

// until reads up to the output line of "@echo mark". An error (EOF: the
// director or bconsole went away; a deadline) comes back with what was read.
func (t *transcript) until(mark string) (chunk, error) {
	echo := "@echo " + mark
	var c chunk
	size := 0
	for {
		line, cut, err := t.readLine(t.max)
		if err != nil {
			return c, err
		}
		if cut {
			c.tooLarge = true
		}
		trimmed := strings.TrimRight(line, " \r")
		switch {
		case strings.HasSuffix(trimmed, echo):
			// The echo of our marker line; text in front of it is glued.
			if g := strings.TrimSuffix(trimmed, echo); g != "" {
				c.glued = strings.TrimSuffix(g, youHaveMessages)
			}
		case strings.HasSuffix(trimmed, mark):
			// The marker itself. A bconsole that does not echo its input
			// glues a prompt onto this line instead.
			if g := strings.TrimSuffix(trimmed, mark); g != "" && c.glued == "" {
				c.glued = strings.TrimSuffix(g, youHaveMessages)
			}
			return c, nil
		default:
			if c.tooLarge || size+len(line) > t.max {
				c.tooLarge = true
				continue
			}
			size += len(line) + 1
			c.lines = append(c.lines, line)
		}
	}
}

// banner reads bconsole's greeting up to "Enter a period to cancel a
// command." (Bareos: "Enter a period (.) to cancel a command."). It returns
// the lines read; ok is false when the greeting did not come.
func (t *transcript) banner() (lines []string, ok bool, err error) {
	for {
		line, _, err := t.readLine(64 << 10)
		if err != nil {
			if line != "" {
				lines = append(lines, line)
			}
			return lines, false, err
		}
		lines = append(lines, line)
		if strings.HasPrefix(line, "Enter a period") {
			return lines, true, nil
		}
	}
}

// replyText joins a command's chunks into its reply: the echo of the
// command (and of "." when a prompt was aborted) dropped, "You have
// messages." removed, glued text kept as the last line.
func replyText(command string, chunks ...chunk) string {
	var out []string
	for i, c := range chunks {
		lines := c.lines
		echoed := command
		if i > 0 {
			echoed = "."
		}
		if len(lines) > 0 && strings.TrimRight(lines[0], " ") == echoed {
			lines = lines[1:]
		}
		for _, l := range lines {
			if strings.TrimSpace(l) == youHaveMessages {
				continue
			}
			out = append(out, strings.TrimSuffix(l, youHaveMessages))
		}
		if c.glued != "" {
			out = append(out, c.glued)
		}
	}
	return strings.Join(out, "\n")
}

// bannerProblem reads why bconsole gave up before the greeting.
func bannerProblem(lines []string, exitCode int) string {
	text := strings.Join(lines, "\n")
	switch {
	case strings.Contains(text, "authorization problem"):
		// "Director authorization problem. Most likely the passwords do not agree."
		return "the director refused the console (the passwords in bconsole.conf and bacula-dir.conf do not agree)"
	case len(lines) <= 1:
		// bconsole says only "Connecting to Director HOST:PORT" and exits 1
		// after 15 s of retries.
		return fmt.Sprintf("no answer from the director (%s)", strings.TrimSpace(strings.TrimPrefix(text, "Connecting to Director")))
	}
	return fmt.Sprintf("bconsole stopped before the director greeted it (exit %d): %s", exitCode, strings.TrimSpace(text))
}
