package rsync

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Progress is one --info=progress2 record: the whole run so far.
type Progress struct {
	Bytes           int64   // bytes transferred so far
	Percent         int     // of the bytes to transfer known so far
	RateBytesPerSec float64 // recent rate
	// ETA is rsync's estimate of the time left; -1 when unknown.
	ETA         time.Duration
	Transferred int // files transferred so far (xfr#)
	// ToCheck of Total files in the list are still to be checked.
	ToCheck, Total int
	// Scanning: rsync is still building the file list (ir-chk, incremental
	// recursion), so Total and the bytes behind Percent still grow.
	Scanning bool
}

// progressRecord is rsync's "%15s %3d%% %7.2f%s %s" plus, when a file
// ends, " (xfr#N, to-chk=A/B)" (ir-chk while the list grows). Bytes carry
// thousands separators, or a K/M/G/T/P suffix with --human-readable.
// Never modified.
var progressRecord = regexp.MustCompile(`^\s*([0-9][0-9,.]*[KMGTP]?)\s+(\d{1,3})%\s+([0-9.]+)(B|kB|MB|GB|TB)/s\s+(\d+:\d\d:\d\d|\?\?:\?\?:\?\?)(?:\s+\(xfr#(\d+), (to|ir)-chk=(\d+)/(\d+)\))?\s*$`)

// parseProgress reads one record. counts reports whether it carried the
// file counts. A record that ends a file shows the time the file took
// where others show the time left, so its ETA is -1.
func parseProgress(rec string) (p Progress, counts, ok bool) {
	m := progressRecord.FindStringSubmatch(rec)
	if m == nil {
		return Progress{}, false, false
	}
	b, err := parseNumber(m[1])
	if err != nil {
		return Progress{}, false, false
	}
	p.Bytes = b
	p.Percent, _ = strconv.Atoi(m[2])
	rate, _ := strconv.ParseFloat(m[3], 64)
	p.RateBytesPerSec = rate * rateUnit(m[4])
	p.ETA = -1
	if m[6] == "" {
		p.ETA = parseClock(m[5])
		return p, false, true
	}
	p.Transferred, _ = strconv.Atoi(m[6])
	p.Scanning = m[7] == "ir"
	p.ToCheck, _ = strconv.Atoi(m[8])
	p.Total, _ = strconv.Atoi(m[9])
	return p, true, true
}

// rateUnit: rsync divides the rate by 1024 for each unit step.
func rateUnit(u string) float64 {
	switch u {
	case "kB":
		return 1 << 10
	case "MB":
		return 1 << 20
	case "GB":
		return 1 << 30
	case "TB":
		return 1 << 40
	}
	return 1
}

// parseClock reads "H:MM:SS" ("??:??:??" when rsync cannot tell: -1).
func parseClock(s string) time.Duration {
	f := strings.Split(s, ":")
	if len(f) != 3 {
		return -1
	}
	h, err1 := strconv.Atoi(f[0])
	m, err2 := strconv.Atoi(f[1])
	sec, err3 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return -1
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
}

// Bounds of what ProgressWriter keeps.
const (
	maxRecord = 64 << 10  // a longer run without \r or \n is dropped
	maxText   = 256 << 10 // the last non-progress text kept (the --stats block is ~1 KiB)
)

// ProgressWriter takes rsync's stdout as it comes: it splits records at
// "\r" and "\n", calls onProgress for each progress record, and keeps the
// tail of everything else (the --stats block) for Text. Records that lack
// the file counts get the last ones seen, and records that end a file get
// the last ETA, so each call holds the whole picture. onProgress runs on
// the goroutine that copies rsync's output: keep it quick.
type ProgressWriter struct {
	onProgress func(Progress)
	pending    []byte
	last       Progress
	text       []byte
}

// NewProgressWriter returns a writer calling onProgress (which may be nil).
func NewProgressWriter(onProgress func(Progress)) *ProgressWriter {
	return &ProgressWriter{onProgress: onProgress, last: Progress{ETA: -1}}
}

// Write never fails, so rsync is never blocked by a bad record.
func (w *ProgressWriter) Write(b []byte) (int, error) {
	for _, c := range b {
		if c == '\r' || c == '\n' {
			w.record()
			continue
		}
		if len(w.pending) < maxRecord {
			w.pending = append(w.pending, c)
		}
	}
	return len(b), nil
}

// Close handles a last record that had no line end.
func (w *ProgressWriter) Close() error {
	w.record()
	return nil
}

// Text is the output that was not progress, one record a line.
func (w *ProgressWriter) Text() string { return string(w.text) }

func (w *ProgressWriter) record() {
	rec := string(w.pending)
	w.pending = w.pending[:0]
	if strings.TrimSpace(rec) == "" {
		return
	}
	p, counts, ok := parseProgress(rec)
	if !ok {
		w.text = append(w.text, rec...)
		w.text = append(w.text, '\n')
		if len(w.text) > 2*maxText {
			w.text = append([]byte(nil), w.text[len(w.text)-maxText:]...)
		}
		return
	}
	if counts {
		p.ETA = w.last.ETA
	} else {
		p.Transferred, p.ToCheck, p.Total, p.Scanning = w.last.Transferred, w.last.ToCheck, w.last.Total, w.last.Scanning
	}
	w.last = p
	if w.onProgress != nil {
		w.onProgress(p)
	}
}
