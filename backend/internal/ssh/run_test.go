package ssh

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"bams/backend/internal/testutil/fakecmd"
)

func TestRunArgvAndErrors(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("ssh", `echo out; echo "pg_dump: failed" >&2; exit 3`)
	o := validOptions()
	res, err := Run(context.Background(), fakeRunner(d), o, "pg_dump -Fc db > /var/backups/db.dump")
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Code != 3 || ce.Host != "web1" || string(res.Stdout) != "out\n" {
		t.Fatalf("got %v", err)
	}
	args, _ := o.Args()
	want := append(args, "-l", "backup", "--", "web1.example.org", "pg_dump -Fc db > /var/backups/db.dump")
	if calls := d.Calls("ssh"); len(calls) != 1 || !slices.Equal(calls[0], want) {
		t.Fatalf("argv %q\nwant %q", calls, want)
	}

	d.ReplayStderr("ssh", "testdata/stderr-host-key-changed.txt", 255)
	_, err = Run(context.Background(), fakeRunner(d), o, "true")
	var se *Error
	if !errors.As(err, &se) || se.Kind != HostKeyChanged {
		t.Fatalf("got %v", err)
	}

	// 255 that no pattern explains is the command's own.
	d.Script("ssh", `echo "custom failure" >&2; exit 255`)
	if _, err = Run(context.Background(), fakeRunner(d), o, "true"); !errors.As(err, &ce) || ce.Code != 255 {
		t.Fatalf("got %v", err)
	}

	var ve *ValidationError
	if _, err := Run(context.Background(), fakeRunner(d), o, "  "); !errors.As(err, &ve) || ve.Field != "command" {
		t.Fatalf("got %v", err)
	}
}

// RemoteCmd's argv arrives on the far side as exactly those arguments: the
// quoted command line, read back by a real POSIX shell, gives them back.
func TestRemoteCmdQuotesForTheRemoteShell(t *testing.T) {
	t.Parallel()
	o := validOptions()
	argv := []string{"zfs", "receive", "-s", "-u", "tank/it's here", "$(touch /tmp/x)", "a b", `back\slash`, ""}
	cmd, err := RemoteCmd(o, argv...)
	if err != nil {
		t.Fatal(err)
	}
	args, _ := o.Args()
	if !slices.Equal(cmd.Args[:len(args)], args) || !slices.Equal(cmd.Args[len(args):len(args)+4], []string{"-l", "backup", "--", "web1.example.org"}) || cmd.Name != "ssh" {
		t.Fatalf("argv %q", cmd.Args)
	}
	line := cmd.Args[len(cmd.Args)-1]
	got, err := exec.Command("sh", "-c", "set -- "+line+`; for a in "$@"; do printf '%s\0' "$a"; done`).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(argv, "\x00") + "\x00"; string(got) != want {
		t.Fatalf("the shell read %q\nwant %q", got, want)
	}
	if _, err := RemoteCmd(o); err == nil {
		t.Fatal("an empty command was accepted")
	}
	if _, err := RemoteCmd(o, "zfs", "a\x00b"); err == nil {
		t.Fatal("a NUL byte was accepted")
	}
}
