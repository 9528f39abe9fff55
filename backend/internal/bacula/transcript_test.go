package bacula

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func openTranscript(t *testing.T, file string) *transcript {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	tr := &transcript{br: bufio.NewReader(f), max: 1 << 20}
	if _, ok, err := tr.banner(); !ok {
		t.Fatalf("no greeting: %v", err)
	}
	return tr
}

// The recipe's marker session, read as a Session reads it: each reply ends
// at its marker, and a sub-prompt shows as glued text.
func TestTranscriptMarkers(t *testing.T) {
	tr := openTranscript(t, "session_echo_markers.txt")
	until := func(mark string) chunk {
		t.Helper()
		c, err := tr.until(mark)
		if err != nil {
			t.Fatalf("%s: %v", mark, err)
		}
		return c
	}
	until("BEGIN-1")
	if got := replyText("version", until("END-1")); !strings.HasPrefix(got, "test-dir Version: 9.6.7") {
		t.Errorf("version: %q", got)
	}
	until("BEGIN-2")
	if got := replyText("foobar", until("END-2")); got != "foobar: is an invalid command." {
		t.Errorf("foobar: %q", got)
	}
	until("BEGIN-3")
	run := until("END-3")
	if run.glued != "Select Job resource (1-4): " || !promptEnd.MatchString(run.glued) {
		t.Errorf("prompt: %q", run.glued)
	}
	abort := until("END-3b")
	reply := replyText("run job=NoSuchJob yes", run, abort)
	if !strings.HasSuffix(reply, "Select Job resource (1-4): \nSelection aborted, nothing done.\nJob not run.") {
		t.Errorf("run reply: %q", reply)
	}
	if e := judge("run job=NoSuchJob yes", reply, []chunk{run, abort}); e == nil || e.(*Error).Kind != NotFound {
		t.Errorf("run: %v", e)
	}
	until("BEGIN-4")
	if got := ParseNames(replyText(".jobs", until("END-4"))); strings.Join(got, ",") != "BackupData,RestoreFiles,SlowBackup,ExtraJob" {
		t.Errorf(".jobs: %q", got)
	}
}

// Why a Session refuses `.api`: in `.api 2` mode every reply arrives one
// command late, after the next marker.
func TestTranscriptAPI2Desync(t *testing.T) {
	tr := openTranscript(t, "api2_session_desync.txt")
	for _, m := range []struct{ mark, want string }{
		{"M0", ""},
		{"M1", ""}, // foobar's reply is missing here ...
		{"M2", ".jobs\nfoobar: is an invalid command."}, // ... and shows up behind .jobs
		{"M3", "version\nBackupData"},                   // whose own reply comes behind version
	} {
		c, err := tr.until(m.mark)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(c.lines, "\n"); !strings.Contains(got, m.want) {
			t.Errorf("%s: %q", m.mark, got)
		}
	}
}

// Markers are made of [A-Za-z0-9_.-] only: "@echo a=b" prints "a".
func TestMarkerCharacters(t *testing.T) {
	tr := openTranscript(t, "echo_marker_with_equals_sign.txt")
	if _, err := tr.until("MARK_1-x.y"); err != nil {
		t.Fatal(err)
	}
	if m := markerN(newMarker(), 12); !regexp.MustCompile(`^[A-Za-z0-9_.-]+$`).MatchString(m) || m == markerN(newMarker(), 12) {
		t.Errorf("marker %q", m)
	}
}

func TestCheckCommand(t *testing.T) {
	for _, bad := range []string{"", "list jobs\nmessages", "@exec /bin/sh", "@output /etc/passwd", "quit", "EXIT", strings.Repeat("x", 5000)} {
		if err := checkCommand(bad); err == nil || err.(*Error).Kind != BadCommand {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := checkCommand("list jobs jobid=3"); err != nil {
		t.Error(err)
	}
}

func TestDirectorAddress(t *testing.T) {
	conf := "# comment\nDirector {\n  Name = vm-dir\n  DIR port = 9202\n  address = localhost\n  Password = \"x\"\n}\n"
	if h, p := directorAddress(conf); h != "localhost" || p != 9202 {
		t.Errorf("got %s %d", h, p)
	}
	if h, p := directorAddress("Director {\n Name = d; Address = \"10.1.2.3\"\n}\n"); h != "10.1.2.3" || p != 9101 {
		t.Errorf("got %s %d", h, p)
	}
	tcp := "  sl  local_address rem_address   st\n   0: 0100007F:4A65 00000000:0000 0A 00000000\n   1: 0100007F:4A66 0100007F:A2C4 01 00000000\n"
	if ports := listeningPorts(tcp); !ports[0x4A65] || ports[0x4A66] {
		t.Errorf("ports %v", ports)
	}
}
