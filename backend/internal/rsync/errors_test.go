package rsync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
)

func classifyRecorded(t *testing.T, file string, code int) (Warning, error) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return classify(context.Background(), "web1", code, string(b), &execx.ExitError{Tool: "rsync", Code: code})
}

func TestClassifyRecorded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		code    int
		kind    Kind
		message string
	}{
		{"stderr-missing-source-change-dir.txt", 23, SourceMissing, "source path /tmp/bams/remote/does-not-exist does not exist on web1"},
		{"stderr-missing-second-source.txt", 23, SourceMissing, "source path /tmp/x does not exist on web1"},
		{"stderr-missing-source-link-stat.txt", 23, SourceMissing, "source path /tmp/bamsrec/remote/nope does not exist on web1"},
		{"stderr-confine-root-refused.txt", 23, BaseSymlinkRefused, "a symlink that web1 once had, on the way to /tmp/sec/root/h/prev/srv/www/file in the base snapshot, leads out of the host's folder"},
		{"stderr-landlock-refused.txt", 23, BaseSymlinkRefused, "a symlink that web1 once had, on the way to /tmp/rec/host/base/www/file, /tmp/rec/host/base/www/other in the base snapshot, leads out of the host's folder"},
		{"stderr-mkdir-dest-failed.txt", 11, FileIO, `rsync from web1 failed with code 11: error in file IO (rsync: [Receiver] mkdir "/proc/nonwritable" failed`},
		{"stderr-io-timeout.txt", 30, IOTimeout, "web1 stopped answering"},
		{"stderr-sigterm.txt", 20, Interrupted, "interrupted"},
		{"stderr-remote-rsync-missing.txt", 12, RemoteRsyncMissing, "rsync is not installed on web1"},
		{"stderr-connection-refused.txt", 255, Connection, "web1 refused the SSH connection (127.0.0.1 port 12299)"},
		{"stderr-permission-denied.txt", 255, Connection, "did not accept bamsd's SSH key for root@127.0.0.1"},
		{"stderr-host-key-changed.txt", 255, Connection, "host key of web1 changed (it now offers SHA256:tQ1PWsq7XTkE/kRxdA1uTee6DPw9gpSVx0e85bevI30)"},
		{"stderr-host-key-unknown.txt", 255, Connection, "host key of web1 is not accepted yet"},
	}
	for _, c := range cases {
		w, err := classifyRecorded(t, c.file, c.code)
		var e *Error
		if !errors.As(err, &e) || e.Kind != c.kind || e.Code != c.code || w.Code != 0 {
			t.Errorf("%s: got %v (%+v)", c.file, err, e)
			continue
		}
		if !strings.Contains(e.Error(), c.message) {
			t.Errorf("%s: message %q, want %q in it", c.file, e.Error(), c.message)
		}
	}
	// A connection failure carries the ssh error for the API to show.
	_, err := classifyRecorded(t, "stderr-host-key-changed.txt", 255)
	var se *ssh.Error
	if !errors.As(err, &se) || se.Kind != ssh.HostKeyChanged {
		t.Fatalf("got %v", err)
	}
}

func TestClassifyVanishedIsAWarning(t *testing.T) {
	t.Parallel()
	w, err := classifyRecorded(t, "stderr-vanished.txt", 24)
	if err != nil || w.Code != 24 || !slices.Equal(w.Vanished, []string{"/tmp/bamsrec/remote/vanish/z-gone.txt"}) {
		t.Fatalf("got %+v, %v", w, err)
	}
	if !strings.Contains(w.String(), "1 file vanished during the transfer (success with a warning): /tmp/bamsrec/remote/vanish/z-gone.txt") {
		t.Errorf("warning %q", w)
	}
}

func TestClassifyOther(t *testing.T) {
	t.Parallel()
	_, err := classifyRecorded(t, "stderr-ssh-not-installed.txt", 14)
	var me *execx.MissingError
	if !errors.As(err, &me) || me.Tool != "ssh" {
		t.Fatalf("ssh missing: got %v", err)
	}
	noSpace := "rsync: [receiver] write failed on \"/backup/web1/.staging-3/big\": No space left on device (28)\nrsync error: error in file IO (code 11) at receiver.c(381) [receiver=3.5.0]\n"
	_, err = classify(context.Background(), "web1", 11, noSpace, &execx.ExitError{Code: 11})
	var e *Error
	if !errors.As(err, &e) || e.Kind != DiskFull || !strings.Contains(e.Error(), "backup disk is full") {
		t.Fatalf("disk full: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = classify(ctx, "web1", 20, "", &execx.ExitError{Code: 20})
	if !errors.As(err, &e) || e.Kind != Cancelled || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	// 23 without a missing source: some files could not be read.
	partial := "rsync: [sender] opendir \"/root/private\" failed: Permission denied (13)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1956) [generator=3.5.0]\n"
	_, err = classify(context.Background(), "web1", 23, partial, &execx.ExitError{Code: 23})
	if !errors.As(err, &e) || e.Kind != PartialTransfer || !strings.Contains(e.Error(), "Permission denied") {
		t.Fatalf("partial: got %v", err)
	}
}

// A host decides how many refused paths there are: the message names a
// few and counts the rest.
func TestRefusedPathsAreBoundedInTheMessage(t *testing.T) {
	var stderr strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&stderr, "rsync: [generator] open \"/b/base/www/f%d\": Permission denied (13)\n", i)
	}
	_, err := classify(context.Background(), "web1", 23, stderr.String(), &execx.ExitError{Tool: "rsync", Code: 23})
	var e *Error
	if !errors.As(err, &e) || e.Kind != BaseSymlinkRefused {
		t.Fatalf("got %v", err)
	}
	if msg := e.Error(); len(msg) > 600 || !strings.Contains(msg, "/b/base/www/f0") || !strings.Contains(msg, "and 995 more") {
		t.Fatalf("message (%d bytes): %s", len(msg), msg)
	}
}
