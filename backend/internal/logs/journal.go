package logs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bams/backend/api"
)

// priorities are syslog's, by number (journald's PRIORITY field).
var priorities = [...]string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}

// rank is a level's syslog number (0 most severe), -1 for none.
func rank(level string) int {
	for i, p := range priorities {
		if p == level {
			return i
		}
	}
	return -1
}

// journalField is a field of `journalctl -o json`: a string, or for a
// value that is not UTF-8 (or holds control bytes) an array of byte values.
type journalField []byte

func (f *journalField) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		var raw []int
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		*f = make([]byte, len(raw))
		for i, v := range raw {
			(*f)[i] = byte(v)
		}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*f = []byte(s)
	return nil
}

type journalLine struct {
	Realtime journalField `json:"__REALTIME_TIMESTAMP"`
	Priority journalField `json:"PRIORITY"`
	Ident    journalField `json:"SYSLOG_IDENTIFIER"`
	PID      journalField `json:"_PID"`
	Message  journalField `json:"MESSAGE"`
}

// parseJournalLine reads one line of `journalctl -o json`; ok is false for
// a line that is not one (journalctl prints nothing else, but a line cut
// by a size bound is possible).
func parseJournalLine(line []byte) (e api.LogEntry, ok bool) {
	var j journalLine
	if json.Unmarshal(line, &j) != nil {
		return e, false
	}
	if us, err := strconv.ParseInt(string(j.Realtime), 10, 64); err == nil {
		e.Time = time.UnixMicro(us).UTC()
	}
	e.Level = "info"
	if p, err := strconv.Atoi(string(j.Priority)); err == nil && p >= 0 && p < len(priorities) {
		e.Level = priorities[p]
	}
	e.Ident = text(j.Ident)
	e.PID, _ = strconv.Atoi(string(j.PID))
	e.Message = text(j.Message)
	return e, true
}

// text is a value as valid UTF-8: bytes that are not become U+FFFD (the
// plugin and bamsctl escape control characters when they show it).
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// parseJournal reads a whole `journalctl -o json` output.
func parseJournal(r io.Reader) []api.LogEntry {
	var out []api.LogEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		if e, ok := parseJournalLine(bytes.TrimSpace(sc.Bytes())); ok {
			out = append(out, e)
		}
	}
	return out
}
