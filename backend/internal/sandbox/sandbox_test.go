package sandbox

import (
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

func requireLandlock(t *testing.T) {
	t.Helper()
	if abi := ABI(); abi < MinABI {
		if os.Getenv("BAMS_REQUIRE_INTEGRATION") == "1" {
			t.Fatalf("the kernel offers Landlock ABI %d; these tests need %d", abi, MinABI)
		}
		t.Skipf("the kernel offers Landlock ABI %d; these tests need %d", abi, MinABI)
	}
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
// read without them.
func TestConfinedProcessStaysInside(t *testing.T) {
	requireLandlock(t)
	in, out := t.TempDir(), t.TempDir()
	for _, f := range []string{filepath.Join(in, "file"), filepath.Join(out, "secret")} {
		if err := os.WriteFile(f, []byte("data\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := ForPrograms()
	r.Write = []string{in}
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
}

// Without a program, or with a path that is not absolute, the helper
// runs nothing and says why.
func TestHelperRefusesBadCommandLines(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{Verb, "--write", "relative", "--", "/bin/true"},
		{Verb, "--write", "/tmp"},
		{Verb, "--bogus", "/tmp", "--", "/bin/true"},
		{Verb, "--write", "/tmp", "--"},
	} {
		out, err := exec.Command(self, args...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 126 || !strings.Contains(string(out), "landlock-exec:") {
			t.Errorf("%q: %v %s", args, err, out)
		}
	}
}

func TestArgsRoundTrip(t *testing.T) {
	r := Rules{Write: []string{"/a", "/b"}, Read: []string{"/c"}, Exec: []string{"/usr"}, Device: []string{"/dev/null"}}
	args := append(r.Args(), "/usr/bin/rsync", "--server")
	if args[0] != Verb {
		t.Fatalf("args %q", args)
	}
	got, argv, err := parseArgs(args[1:])
	if err != nil || !reflect.DeepEqual(got, r) || !reflect.DeepEqual(argv, []string{"/usr/bin/rsync", "--server"}) {
		t.Fatalf("got %+v %q %v", got, argv, err)
	}
}
