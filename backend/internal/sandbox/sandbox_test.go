package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The test binary is its own helper, exactly as bamsd is.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == Verb {
		Main(os.Args[2:])
	}
	os.Exit(m.Run())
}

// require skips (or, with BAMS_REQUIRE_INTEGRATION=1, fails) when the
// kernel cannot confine this way here.
func require(t *testing.T, with string) {
	t.Helper()
	var why string
	switch {
	case with == Landlock && ABI() < MinABI:
		why = fmt.Sprintf("the kernel offers Landlock ABI %d; these tests need %d", ABI(), MinABI)
	case with == Namespace && NamespaceError() != nil:
		why = "no private mount namespace here: " + NamespaceError().Error()
	default:
		return
	}
	if os.Getenv("BAMS_REQUIRE_INTEGRATION") == "1" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// confined runs a shell script under rules and returns what it printed.
func confined(t *testing.T, r Rules, script string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	args := append(r.Args(), "/bin/sh", "-c", script)
	out, err := exec.Command(self, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("confined script: %v\n%s", err, out)
	}
	return string(out)
}

// A process under the rules can do everything inside its Write folder,
// and cannot open, list, write, hard-link or rename anything outside it,
// not even through a symlink inside, and not /etc/shadow, which root could
// read without them: confined by Landlock, and in a mount namespace.
func TestConfinedProcessStaysInside(t *testing.T) {
	for _, with := range []string{Landlock, Namespace} {
		t.Run(with, func(t *testing.T) { checkStaysInside(t, with) })
	}
}

func checkStaysInside(t *testing.T, with string) {
	require(t, with)
	in, out := t.TempDir(), t.TempDir()
	for _, f := range []string{filepath.Join(in, "file"), filepath.Join(out, "secret")} {
		if err := os.WriteFile(f, []byte("data\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := ForPrograms()
	r.With, r.Write = with, []string{in}
	if with == Namespace {
		r.Root = t.TempDir()
	}
	script := strings.NewReplacer("IN", in, "OUT", out).Replace(`
try() { name=$1; shift; if "$@" >/dev/null 2>&1; then echo "$name ok"; else echo "$name refused"; fi; }
try read-inside cat IN/file
try write-inside sh -c 'echo x > IN/new'
try link-inside ln IN/file IN/link
try rename-inside mv IN/new IN/moved
try mkdir-inside mkdir IN/dir
try symlink-inside ln -s OUT/secret IN/sym
try remove-inside rm IN/link
try read-outside cat OUT/secret
try read-through-symlink cat IN/sym
try list-outside ls OUT
try write-outside sh -c 'echo x > OUT/new'
try link-in-from-outside ln OUT/secret IN/stolen
try link-out-from-inside ln IN/file OUT/leaked
try rename-out mv IN/moved OUT/moved
try rename-in mv OUT/secret IN/taken
try read-shadow cat /etc/shadow
`)
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(confined(t, r, script)), "\n") {
		if name, result, ok := strings.Cut(line, " "); ok {
			got[name] = result
		}
	}
	want := map[string]string{
		"read-inside": "ok", "write-inside": "ok", "link-inside": "ok", "rename-inside": "ok",
		"mkdir-inside": "ok", "symlink-inside": "ok", "remove-inside": "ok",
		"read-outside": "refused", "read-through-symlink": "refused", "list-outside": "refused",
		"write-outside": "refused", "link-in-from-outside": "refused", "link-out-from-inside": "refused",
		"rename-out": "refused", "rename-in": "refused", "read-shadow": "refused",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("under the rules:\n got %v\nwant %v", got, want)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the outside folder holds %d entries, want only its secret", len(entries))
	}
	if r.Root != "" {
		if entries, err := os.ReadDir(r.Root); err != nil || len(entries) != 0 {
			t.Errorf("the namespace's root folder, seen from outside: %v %v, want it empty", entries, err)
		}
	}
}

// Without a program, or with a path that is not absolute, the helper
// runs nothing and says why.
func TestHelperRefusesBadCommandLines(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{Verb, "--with", Landlock, "--write", "relative", "--", "/bin/true"},
		{Verb, "--with", Landlock, "--write", "/tmp"},
		{Verb, "--with", Landlock, "--bogus", "/tmp", "--", "/bin/true"},
		{Verb, "--with", Landlock, "--write", "/tmp", "--"},
		{Verb, "--write", "/tmp", "--", "/bin/true"},
		{Verb, "--with", Namespace, "--write", "/tmp", "--", "/bin/true"}, // no --root
	} {
		out, err := exec.Command(self, args...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 126 || !strings.Contains(string(out), "confine-exec:") {
			t.Errorf("%q: %v %s", args, err, out)
		}
	}
}

func TestArgsRoundTrip(t *testing.T) {
	r := Rules{With: Namespace, Root: "/run/x", Write: []string{"/a", "/b"}, Read: []string{"/c"}, Exec: []string{"/usr"}, Device: []string{"/dev/null"}}
	args := append(r.Args(), "/usr/bin/rsync", "--server")
	if args[0] != Verb {
		t.Fatalf("args %q", args)
	}
	got, argv, err := parseArgs(args[1:])
	if err != nil || !reflect.DeepEqual(got, r) || !reflect.DeepEqual(argv, []string{"/usr/bin/rsync", "--server"}) {
		t.Fatalf("got %+v %q %v", got, argv, err)
	}
}
