package ssh

import (
	"context"
	"errors"
	"slices"
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
