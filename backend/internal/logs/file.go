package logs

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"bams/backend/api"
)

// What a log file line may start with, for its time and level: bamsd's
// slog (text or JSON) and Bacula's own log ("02-Dec 03:39 bacula-dir JobId
// 1: Error: ..."). Other lines keep no time and level info.
var (
	slogText   = regexp.MustCompile(`^time=(\S+) level=(\w+) `)
	slogJSON   = regexp.MustCompile(`^\{"time":"([^"]+)","level":"(\w+)"`)
	baculaLine = regexp.MustCompile(`^(\d{2}-[A-Z][a-z]{2}(?:-\d{4})? \d{2}:\d{2}) `)
	baculaKind = regexp.MustCompile(`: (Fatal error|Error|Warning): `)
)

// slog's levels as syslog's.
func slogLevel(l string) string {
	switch strings.ToUpper(l) {
	case "ERROR":
		return "err"
	case "WARN":
		return "warning"
	case "DEBUG":
		return "debug"
	}
	return "info"
}

// parseFileLine reads one line of a service's log file; now gives the
// year of Bacula's times that carry none.
func parseFileLine(line string, now time.Time) api.LogEntry {
	e := api.LogEntry{Level: "info", Message: line}
	if m := slogText.FindStringSubmatch(line); m != nil {
		e.Time, _ = time.Parse(time.RFC3339Nano, m[1])
		e.Level = slogLevel(m[2])
		return e
	}
	if m := slogJSON.FindStringSubmatch(line); m != nil {
		e.Time, _ = time.Parse(time.RFC3339Nano, m[1])
		e.Level = slogLevel(m[2])
		return e
	}
	if m := baculaLine.FindStringSubmatch(line); m != nil {
		layout, stamp := "02-Jan-2006 15:04", m[1]
		if len(stamp) == len("02-Jan 15:04") {
			stamp = stamp[:6] + "-" + now.Format("2006") + stamp[6:]
		}
		if t, err := time.ParseInLocation(layout, stamp, now.Location()); err == nil {
			if t.After(now.Add(24 * time.Hour)) { // December's lines read in January
				t = t.AddDate(-1, 0, 0)
			}
			e.Time = t.UTC()
		}
	}
	switch k := baculaKind.FindStringSubmatch(line); {
	case k == nil:
	case k[1] == "Warning":
		e.Level = "warning"
	default:
		e.Level = "err"
	}
	return e
}

// readTail returns the whole lines of the last maxScan bytes of path (the
// first, probably cut, dropped when the file is longer), and the size read
// to, where following continues.
func readTail(path string, maxScan int64) (lines []string, end int64, cut bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, false, err
	}
	end = st.Size()
	start := max(0, end-maxScan)
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
		return nil, 0, false, err
	}
	if start > 0 {
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
		}
	}
	for _, l := range strings.Split(strings.TrimRight(string(buf), "\n"), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines, end, start > 0, nil
}
