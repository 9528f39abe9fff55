package logs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
)

func TestParseRecordedJournal(t *testing.T) {
	f, err := os.Open("testdata/journalctl_json.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := parseJournal(f)
	if len(got) != 6 {
		t.Fatalf("%d entries, want 6", len(got))
	}
	ready := got[2]
	if ready.Ident != "bamsd" || ready.Level != "info" || ready.PID != 24001 || ready.Message != "bamsd ready socket=/run/bams/bams.sock" ||
		!ready.Time.Equal(time.UnixMicro(1796183401348437)) {
		t.Fatalf("entry %+v", ready)
	}
	if got[3].Level != "err" || got[4].Level != "warning" || got[4].Ident != "bacula-dir" {
		t.Fatalf("levels %+v %+v", got[3], got[4])
	}
	// MESSAGE as an array of bytes: a newline and a byte that is not UTF-8
	if want := "line one\nline two \uFFFD end"; got[5].Message != want || got[5].Level != "notice" {
		t.Fatalf("binary message %q, want %q", got[5].Message, want)
	}
	if !strings.Contains(redact(got[4]).Message, `Password = "[redacted]"`) || strings.Contains(redact(got[4]).Message, "s3cr3t-dir") {
		t.Fatalf("not redacted: %q", redact(got[4]).Message)
	}
}

func TestRedact(t *testing.T) {
	for in, secret := range map[string]string{
		`Director { Password = "dir-pass" }`:        "dir-pass",
		`chap: IncomingUser=iqn1 secret=chap-pass`:  "chap-pass",
		`login token: tok-123 accepted`:             "tok-123",
		`webhook_secret="hm ac" set`:                "hm ac",
		`time=x level=INFO msg=set passwd=hunter22`: "hunter22",
	} {
		if out := redact(api.LogEntry{Message: in}).Message; strings.Contains(out, secret) || !strings.Contains(out, "[redacted]") {
			t.Errorf("%q → %q", in, out)
		}
	}
	long := redact(api.LogEntry{Message: strings.Repeat("x", 3*maxMessage)}).Message
	if len(long) > maxMessage+len("…") {
		t.Errorf("message not bounded: %d bytes", len(long))
	}
}

func TestParseFileLines(t *testing.T) {
	now := time.Date(2026, 1, 3, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		line, level string
		at          time.Time
	}{
		{`time=2026-01-02T03:04:05.5Z level=WARN msg="backup slow"`, "warning", time.Date(2026, 1, 2, 3, 4, 5, 5e8, time.UTC)},
		{`{"time":"2026-01-02T03:04:05Z","level":"ERROR","msg":"x"}`, "err", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{`02-Jan 03:39 bacula-dir JobId 7: Error: Bacula cannot write on disk Volume`, "err", time.Date(2026, 1, 2, 3, 39, 0, 0, time.UTC)},
		{`31-Dec 23:10 bacula-sd JobId 6: Warning: mount.c:216 Open of File device`, "warning", time.Date(2025, 12, 31, 23, 10, 0, 0, time.UTC)},
		{`iscsi-scstd: something`, "info", time.Time{}},
	} {
		e := parseFileLine(tc.line, now)
		if e.Level != tc.level || !e.Time.Equal(tc.at) || e.Message != tc.line {
			t.Errorf("%q → %+v, want %s at %s", tc.line, e, tc.level, tc.at)
		}
	}
}

func fileService(t *testing.T, content string) (*Service, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "bacula.log")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return New(Options{Sources: map[string]Source{api.LogBaculaDir: {Unit: "bacula-director.service", File: file}},
		Now: func() time.Time { return time.Date(2026, 1, 3, 10, 0, 0, 0, time.UTC) }, Poll: 10 * time.Millisecond}), file
}

func TestReadFileFiltersAndBounds(t *testing.T) {
	s, _ := fileService(t, strings.Join([]string{
		"01-Jan 10:00 bacula-dir JobId 1: Start Backup JobId 1",
		"01-Jan 10:05 bacula-dir JobId 1: Error: connection refused",
		"02-Jan 09:00 bacula-dir JobId 2: Warning: Password = \"oops\" in a message",
		"02-Jan 09:30 bacula-dir JobId 2: Bacula bacula-dir 9.6.7: Termination: Backup OK",
		"",
	}, "\n"))
	ctx := context.Background()
	l, err := s.Read(ctx, api.LogBaculaDir, Query{Limit: 100, Level: "warning"})
	if err != nil || len(l.Entries) != 2 || l.Source != "file "+s.o.Sources[api.LogBaculaDir].File {
		t.Fatalf("warning and worse: %+v %v", l, err)
	}
	if strings.Contains(l.Entries[1].Message, "oops") {
		t.Fatalf("not redacted: %q", l.Entries[1].Message)
	}
	l, _ = s.Read(ctx, api.LogBaculaDir, Query{Limit: 100, Since: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Text: "BACKUP ok"})
	if len(l.Entries) != 1 || !strings.Contains(l.Entries[0].Message, "Termination") {
		t.Fatalf("since and text: %+v", l)
	}
	l, _ = s.Read(ctx, api.LogBaculaDir, Query{Limit: 2})
	if len(l.Entries) != 2 || !l.Truncated || !strings.Contains(l.Entries[1].Message, "Termination") {
		t.Fatalf("limit keeps the newest: %+v", l)
	}
	if _, err := s.Read(ctx, "sshd", Query{Limit: 1}); err == nil || !strings.Contains(err.Error(), "no logs") {
		t.Fatalf("unknown service: %v", err)
	}
}

func TestFollowFile(t *testing.T) {
	s, file := fileService(t, "01-Jan 10:00 bacula-dir JobId 1: old line\n")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan api.LogEntry, 10)
	go s.Follow(ctx, api.LogBaculaDir, Query{Text: "job"}, func(e api.LogEntry) error { got <- e; return nil })
	if e := <-got; !strings.Contains(e.Message, "old line") {
		t.Fatalf("first the recent lines: %+v", e)
	}
	f, _ := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("03-Jan 09:59 bacula-dir: not matching\n03-Jan 10:00 bacula-dir JobId 9: secret=abc new ")
	f.Sync()
	time.Sleep(50 * time.Millisecond)
	f.WriteString("line\n")
	f.Close()
	select {
	case e := <-got:
		if e.Message != "03-Jan 10:00 bacula-dir JobId 9: secret=[redacted] new line" {
			t.Fatalf("followed %q", e.Message)
		}
	case <-ctx.Done():
		t.Fatal("the new line never came")
	}
}

func TestJournalArgs(t *testing.T) {
	s := New(Options{Journal: true})
	q := Query{Since: time.Unix(1700000000, 0), Until: time.Unix(1700003600, 0), Level: "warning", Text: "-f --file=/etc/shadow"}
	got := strings.Join(s.journalArgs(Source{Unit: "bams.service"}, q, 100, false), " ")
	if want := "-o json --no-pager -u bams.service -n 100 --since @1700000000 --until @1700003600 -p warning"; got != want {
		t.Fatalf("args %q, want %q (the caller's text never reaches journalctl)", got, want)
	}
	if got := s.journalArgs(Source{Unit: "bams.service"}, Query{}, 10, true); got[len(got)-1] != "-f" {
		t.Fatalf("follow args %v", got)
	}
}
