package bacula

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

// fakeBconsole behaves as bconsole does on a pipe (greeting, echo of each
// input line, "@echo X" printing "X "), for the cases a real director does
// not produce on demand: a command that prompts for ever, an oversized
// reply, a refused password. The director address is not a loopback one,
// so no port is checked.
const fakeBconsole = `
echo "Connecting to Director bacula.invalid:9101"
if [ "$FAKE_AUTH" = fail ]; then
  echo "Director authorization problem."
  echo "Most likely the passwords do not agree."
  exit 1
fi
echo "1000 OK: 103 fake-dir Version: 9.6.7 (10 December 2020)"
echo "Enter a period to cancel a command."
nagging=
while IFS= read -r line; do
  echo "$line"
  case "$line" in
  "@echo "*) echo "${line#@echo } " ;;
  nag) nagging=1; printf 'Select item (1-2): ' ;;
  .) [ -n "$nagging" ] && printf 'Select item (1-2): ' ;;
  big) i=0; while [ $i -lt 2000 ]; do echo "row $i of a long reply"; i=$((i+1)); done ;;
  hang) sleep 30 ;;
  version) echo "fake-dir Version: 9.6.7 (10 December 2020) x86_64-pc-linux-gnu debian bookworm/sid " ;;
  esac
done
`

func fakeSession(t *testing.T, cfg Config) (*fakecmd.Dir, *Session) {
	t.Helper()
	fakes := fakecmd.New(t)
	fakes.Script("bconsole", fakeBconsole)
	conf := filepath.Join(t.TempDir(), "bconsole.conf")
	if err := os.WriteFile(conf, []byte("Director {\n  Name = fake-dir\n  Address = bacula.invalid\n  Password = \"p\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.ConfigFile = conf
	s := NewSession(&execx.Runner{Path: fakes.Path}, cfg)
	t.Cleanup(func() { s.Close() })
	return fakes, s
}

func TestFakeSessionKeepsPrompting(t *testing.T) {
	fakes, s := fakeSession(t, Config{CommandTimeout: 5 * time.Second})
	_, err := s.Command(context.Background(), "nag")
	var e *Error
	if !errors.As(err, &e) || e.Kind != NeedsAnswer || e.Prompt != "Select item (1-2): " || !strings.Contains(e.Detail, "restarted") {
		t.Fatalf("nag: %v", err)
	}
	if out, err := s.Command(context.Background(), "version"); err != nil || !strings.HasPrefix(out, "fake-dir Version") {
		t.Errorf("version after a restart: %v %q", err, out)
	}
	if n := len(fakes.Calls("bconsole")); n != 2 {
		t.Errorf("bconsole started %d times, want 2", n)
	}
	if got := fakes.Calls("bconsole")[0]; strings.Join(got, " ") != "-c "+s.cfg.ConfigFile {
		t.Errorf("argv %q", got)
	}
}

func TestFakeSessionOutputTooLarge(t *testing.T) {
	fakes, s := fakeSession(t, Config{MaxReply: 4096})
	out, err := s.Command(context.Background(), "big")
	if kindOf(err) != OutputTooLarge || len(out) > 4096 || !strings.HasPrefix(out, "row 0 ") {
		t.Fatalf("big: %v, %d bytes", err, len(out))
	}
	// The rest was read and dropped: the next reply is in step.
	if out, err := s.Command(context.Background(), "version"); err != nil || !strings.HasPrefix(out, "fake-dir Version") {
		t.Errorf("after big: %v %q", err, out)
	}
	if n := len(fakes.Calls("bconsole")); n != 1 {
		t.Errorf("bconsole started %d times, want 1", n)
	}
}

func TestFakeSessionCancelAndTimeout(t *testing.T) {
	_, s := fakeSession(t, Config{CommandTimeout: 300 * time.Millisecond})
	if _, err := s.Command(context.Background(), "hang"); kindOf(err) != Timeout {
		t.Errorf("hang: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if _, err := s.Command(ctx, "hang"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled hang: %v", err)
	}
	if _, err := s.Command(context.Background(), "version"); err != nil {
		t.Errorf("version after a cancel: %v", err)
	}
}

func TestFakeAuthorizationProblem(t *testing.T) {
	t.Setenv("FAKE_AUTH", "fail")
	_, s := fakeSession(t, Config{})
	_, err := s.Command(context.Background(), "version")
	var e *Error
	if !errors.As(err, &e) || e.Kind != DirectorUnreachable || !strings.Contains(e.Detail, "passwords") {
		t.Errorf("session: %v", err)
	}
	_, err = Run(context.Background(), s.runner, s.cfg, "version")
	if !errors.As(err, &e) || e.Kind != DirectorUnreachable || !strings.Contains(e.Detail, "passwords") {
		t.Errorf("one-shot: %v", err)
	}
}

func TestBconsoleMissing(t *testing.T) {
	r := &execx.Runner{Path: t.TempDir()}
	var missing *execx.MissingError
	if _, err := NewSession(r, Config{}).Command(context.Background(), "version"); !errors.As(err, &missing) {
		t.Errorf("session: %v", err)
	}
	if _, err := Run(context.Background(), r, Config{ConfigFile: "/nonexistent"}, "version"); !errors.As(err, &missing) {
		t.Errorf("one-shot: %v", err)
	}
}
