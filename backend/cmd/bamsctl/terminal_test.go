package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
)

// hostile holds every character a host could use to write into the
// admin's terminal: ESC (a colour, a cursor move), BEL, CR, newline.
const hostile = "evil\x1b[2J\x07name\rfake\nline"

// fakeBamsd answers every request with body on a Unix socket.
func fakeBamsd(t *testing.T, body any) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "bams.sock")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(body)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return socket
}

func run(t *testing.T, socket string, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	execute(append([]string{"--socket", socket}, args...), &out, &errb, time.Local)
	return out.String(), errb.String()
}

// noRawControls: nothing printed holds a control character but the
// layout's newlines and tabs.
func noRawControls(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			t.Errorf("%s prints a raw %#x at byte %d: %q", what, r, i, s)
			return
		}
	}
}

func TestFileNamesWithControlCharactersAreQuoted(t *testing.T) {
	now := time.Now()
	socket := fakeBamsd(t, api.FileList{Entries: []api.FileEntry{
		{Name: hostile, Type: api.FileRegular, MTime: now},
		{Name: "link", Type: api.FileSymlink, Target: "/tmp/" + hostile, MTime: now},
	}})
	out, _ := run(t, socket, "files", "web1", "2026-11-01T020000Z", "/")
	noRawControls(t, "bamsctl files", out)
	want := `$'evil\x1b[2J\x07name\x0dfake\x0aline'`
	if !strings.Contains(out, want) || !strings.Contains(out, "link -> $'/tmp/evil") {
		t.Errorf("bamsctl files printed\n%s\nwant the name as %s", out, want)
	}
	if strings.Count(out, "\n") != 3 {
		t.Errorf("a newline in a name made extra lines:\n%s", out)
	}
}

// Task logs (rsync's lines name the host's files) and error messages.
func TestToolOutputAndErrorsAreEscaped(t *testing.T) {
	socket := fakeBamsd(t, api.Task{ID: "7", Kind: "backup", State: api.TaskFailed, Error: "rsync: " + hostile,
		Log: []api.LogLine{{Time: time.Now(), Level: "info", Text: "sending " + hostile}}})
	out, _ := run(t, socket, "tasks", "show", "7")
	noRawControls(t, "bamsctl tasks show", out)
	if !strings.Contains(out, `$'sending evil\x1b[2J`) {
		t.Errorf("the log line is not quoted:\n%s", out)
	}
	// anything else printed, however it was formatted, passes the writer
	var b bytes.Buffer
	terminalSafe(&b).Write([]byte("a\tb\n" + hostile + "\xff\xc2\x85\u202e"))
	if got := b.String(); got != `a	b
evil\x1b[2J\x07name\x0dfake
line\xff\xc2\x85\xe2\x80\xae` {
		t.Errorf("terminalSafe wrote %q", got)
	}
}
