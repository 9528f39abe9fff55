// Package logs reads the logs of bamsd and the services it drives (the
// Bacula daemons, the iSCSI target): from journald (`journalctl -o json
// -u UNIT`) where systemd runs, else from the service's log file. Entries
// are filtered by time, level and text, bounded, and have their secrets
// redacted before they leave the package.
package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
)

// Bounds: one line, what one read scans, what one follow sends at once.
const (
	maxLine     = 1 << 20
	maxScanFile = 8 << 20
	maxJournal  = 20000 // entries journalctl is asked for before the text filter
	maxMessage  = 8 << 10
)

// Source is where one service's log is.
type Source struct {
	Unit string // systemd unit, read through journald
	File string // log file where journald is not used ("" = none)
}

// Options configure the service.
type Options struct {
	Runner *execx.Runner
	// Journal: read journald (systemd runs); else the files.
	Journal bool
	Sources map[string]Source // by service name (api.LogBamsd, ...)
	Now     func() time.Time
	// Poll is how often a followed file is looked at.
	Poll time.Duration
}

// Service reads logs. It keeps no state.
type Service struct{ o Options }

// New returns the service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Poll <= 0 {
		o.Poll = 500 * time.Millisecond
	}
	return &Service{o: o}
}

// Query filters a read. Zero fields match all; Limit is 1..1000.
type Query struct {
	Since, Until time.Time
	Level        string // this priority and more severe (err, warning, ...)
	Text         string // case-insensitive substring of the message
	Limit        int
}

func (q Query) match(e api.LogEntry) bool {
	if q.Level != "" && rank(e.Level) > rank(q.Level) {
		return false
	}
	// A file line without a time cannot be placed: it is kept.
	if !e.Time.IsZero() && ((!q.Since.IsZero() && e.Time.Before(q.Since)) || (!q.Until.IsZero() && !e.Time.Before(q.Until))) {
		return false
	}
	return q.Text == "" || strings.Contains(strings.ToLower(e.Message), strings.ToLower(q.Text))
}

// ValidLevel says whether level is a syslog priority name.
func ValidLevel(level string) bool { return rank(level) >= 0 }

func (s *Service) source(service string) (Source, error) {
	src, ok := s.o.Sources[service]
	if !ok {
		return src, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no logs of %q (known: bamsd, bacula-dir, bacula-sd, bacula-fd, iscsi)", service)}
	}
	if !s.o.Journal && src.File == "" {
		return src, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf(
			"systemd does not run here and no log file is configured for %s (logs.files.%s)", service, service)}
	}
	return src, nil
}

// Read returns the newest entries of service matching q, oldest first.
func (s *Service) Read(ctx context.Context, service string, q Query) (api.LogList, error) {
	src, err := s.source(service)
	if err != nil {
		return api.LogList{}, err
	}
	var all []api.LogEntry
	var where string
	var cut bool
	if s.o.Journal {
		where = "journald unit " + src.Unit
		n := q.Limit
		if q.Text != "" {
			n = maxJournal // the text is matched here, not by journalctl's regular expressions
		}
		res, err := s.o.Runner.Run(ctx, execx.Cmd{Name: "journalctl", Args: s.journalArgs(src, q, n, false)})
		if err != nil {
			return api.LogList{}, err
		}
		all = parseJournal(bytes.NewReader(res.Stdout))
		cut = len(all) >= n
	} else {
		where = "file " + src.File
		lines, _, c, err := readTail(src.File, maxScanFile)
		if err != nil {
			return api.LogList{}, fileError(err)
		}
		cut = c
		now := s.o.Now()
		for _, l := range lines {
			all = append(all, parseFileLine(l, now))
		}
	}
	out := []api.LogEntry{}
	for _, e := range all {
		if q.match(e) {
			out = append(out, redact(e))
		}
	}
	if len(out) > q.Limit {
		out, cut = out[len(out)-q.Limit:], true
	}
	return api.LogList{Service: service, Source: where, Entries: out, Truncated: cut}, nil
}

func fileError(err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return &api.Error{Kind: api.KindNotFound, Message: err.Error()}
	}
	return err
}

// journalArgs asks for the unit's last n entries in JSON, filtered by time
// and priority (never by the caller's text).
func (s *Service) journalArgs(src Source, q Query, n int, follow bool) []string {
	args := []string{"-o", "json", "--no-pager", "-u", src.Unit, "-n", strconv.Itoa(n)}
	if !q.Since.IsZero() {
		args = append(args, "--since", "@"+strconv.FormatInt(q.Since.Unix(), 10))
	}
	if !q.Until.IsZero() && !follow {
		args = append(args, "--until", "@"+strconv.FormatInt(q.Until.Unix(), 10))
	}
	if q.Level != "" {
		args = append(args, "-p", q.Level)
	}
	if follow {
		args = append(args, "-f")
	}
	return args
}

// Follow sends service's entries matching q as they are written (first
// the last few), until ctx ends or send fails.
func (s *Service) Follow(ctx context.Context, service string, q Query, send func(api.LogEntry) error) error {
	src, err := s.source(service)
	if err != nil {
		return err
	}
	if s.o.Journal {
		return s.followJournal(ctx, src, q, send)
	}
	return s.followFile(ctx, src, q, send)
}

func (s *Service) followJournal(ctx context.Context, src Source, q Query, send func(api.LogEntry) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := s.o.Runner.Run(ctx, execx.Cmd{Name: "journalctl", Args: s.journalArgs(src, q, 10, true), Timeout: -1, Stdout: pw})
		pw.CloseWithError(err)
		done <- err
	}()
	var sendErr error
	lines(pr, func(line []byte) bool {
		if e, ok := parseJournalLine(line); ok && q.match(e) {
			sendErr = send(redact(e))
		}
		return sendErr == nil
	})
	cancel()
	pr.Close()
	err := <-done
	if sendErr != nil || ctx.Err() != nil {
		return sendErr
	}
	return err
}

// lines calls fn with each line read from r until fn says stop or r ends.
// A line over maxLine is cut there.
func lines(r io.Reader, fn func([]byte) bool) {
	buf := make([]byte, 0, 64<<10)
	chunk := make([]byte, 32<<10)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		for {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 && len(buf) < maxLine {
				break
			}
			if i < 0 {
				i = len(buf)
			}
			if !fn(bytes.TrimSpace(buf[:i])) {
				return
			}
			buf = append(buf[:0], buf[min(i+1, len(buf)):]...)
		}
		if err != nil {
			return
		}
	}
}

func (s *Service) followFile(ctx context.Context, src Source, q Query, send func(api.LogEntry) error) error {
	recent, offset, _, err := readTail(src.File, 64<<10)
	if err != nil {
		return fileError(err)
	}
	now := s.o.Now()
	for _, l := range recent[max(0, len(recent)-10):] {
		if e := parseFileLine(l, now); q.match(e) {
			if err := send(redact(e)); err != nil {
				return err
			}
		}
	}
	tick := time.NewTicker(s.o.Poll)
	defer tick.Stop()
	var partial []byte
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		st, err := os.Stat(src.File)
		if err != nil {
			continue // rotated away: wait for the new file
		}
		if st.Size() < offset { // truncated or replaced
			offset, partial = 0, nil
		}
		if st.Size() == offset {
			continue
		}
		f, err := os.Open(src.File)
		if err != nil {
			continue
		}
		n := min(st.Size()-offset, maxScanFile)
		buf := make([]byte, n)
		got, _ := f.ReadAt(buf, offset)
		f.Close()
		offset += int64(got)
		partial = append(partial, buf[:got]...)
		now := s.o.Now()
		for {
			i := bytes.IndexByte(partial, '\n')
			if i < 0 {
				break
			}
			if e := parseFileLine(string(partial[:i]), now); q.match(e) {
				if err := send(redact(e)); err != nil {
					return err
				}
			}
			partial = partial[i+1:]
		}
		if len(partial) > maxLine {
			partial = nil
		}
	}
}

// secretValue is what else a log line may hold: a secret, CHAP or token
// value written as key=value or key: value.
var secretValue = regexp.MustCompile(`(?i)\b((?:[a-z_]*secret|chap[a-z_]*|token|passwd|incoming_?user|outgoing_?user)\s*[=:]\s*)("(?:[^"\\]|\\.)*"|\S+)`)

// redact hides passwords (Bacula's own rule) and other secrets, with api.Redacted,
// in a message, and bounds it.
func redact(e api.LogEntry) api.LogEntry {
	m := bacula.RedactPasswords(e.Message)
	m = secretValue.ReplaceAllString(m, "${1}"+api.Redacted)
	if len(m) > maxMessage {
		m = strings.ToValidUTF8(m[:maxMessage], "") + "…"
	}
	e.Message = m
	return e
}
