package ssh

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/testutil/fakecmd"
)

const (
	recordedEd25519 = "SHA256:z3TlJUAb59SFgQmjjdwKz/KZ3IV6a6jAf7dURelDMBU"
	recordedECDSA   = "SHA256:PoRwqGrg/GhGI/Ck3M7Hae9isll7kF59grpLDlirEI0"
)

func fakeRunner(d *fakecmd.Dir) *execx.Runner {
	return &execx.Runner{Path: d.Path, Timeout: 10 * time.Second}
}

func TestParseKeyscanRecorded(t *testing.T) {
	t.Parallel()
	b, _ := os.ReadFile("testdata/keyscan.out")
	keys, err := parseKeyscan(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].Type != "ecdsa-sha2-nistp256" || keys[1].Type != "ssh-ed25519" || !strings.HasPrefix(keys[1].Key, "AAAAC3NzaC1lZDI1NTE5") {
		t.Fatalf("keys %+v", keys)
	}
	// The banners ssh-keyscan prints on stderr are comments, never keys.
	b, _ = os.ReadFile("testdata/keyscan.err")
	if keys, err := parseKeyscan(string(b)); err != nil || len(keys) != 0 {
		t.Fatalf("banners parsed as %+v, %v", keys, err)
	}
	if _, err := parseKeyscan("host ssh-ed25519 not*base64\n"); err == nil {
		t.Fatal("a bad key must be refused")
	}
}

func TestParseFingerprintsRecorded(t *testing.T) {
	t.Parallel()
	b, _ := os.ReadFile("testdata/keygen-l.out")
	fps, err := parseFingerprints(string(b))
	if err != nil {
		t.Fatal(err)
	}
	want := []fingerprintLine{{256, recordedECDSA, "ECDSA"}, {256, recordedEd25519, "ED25519"}}
	if !slices.Equal(fps, want) {
		t.Fatalf("got %+v", fps)
	}
	// A comment with spaces and parentheses, as ssh-keygen -l prints for a key file.
	fps, err = parseFingerprints("3072 SHA256:Hcl0QFr3hYXA6LORjFsKDiVJuv7MxxxlTOkxXk4mYTk root@db (old) key (RSA)\n")
	if err != nil || fps[0].typ != "RSA" || fps[0].bits != 3072 {
		t.Fatalf("got %+v, %v", fps, err)
	}
	if _, err := parseFingerprints("(stdin) is not a public key file.\n"); err == nil {
		t.Fatal("garbage must not parse")
	}
}

// fakeScanTools replays the recorded ssh-keyscan and ssh-keygen -l output.
func fakeScanTools(t *testing.T) *fakecmd.Dir {
	d := fakecmd.New(t)
	abs := func(f string) string { p, _ := filepath.Abs("testdata/" + f); return p }
	d.Script("ssh-keyscan", "cat '"+abs("keyscan.out")+"'; cat '"+abs("keyscan.err")+"' >&2")
	d.Script("ssh-keygen", "cat >/dev/null; cat '"+abs("keygen-l.out")+"'")
	return d
}

func TestScanArgvAndResult(t *testing.T) {
	t.Parallel()
	d := fakeScanTools(t)
	keys, err := Scan(context.Background(), fakeRunner(d), "web1", "127.0.0.2", 22022)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[1].Fingerprint != recordedEd25519 || keys[0].Bits != 256 {
		t.Fatalf("keys %+v", keys)
	}
	want := []string{"-T", "5", "-p", "22022", "-t", "ed25519,ecdsa,rsa", "--", "127.0.0.2"}
	if calls := d.Calls("ssh-keyscan"); len(calls) != 1 || !slices.Equal(calls[0], want) {
		t.Fatalf("ssh-keyscan argv %q", calls)
	}
	if calls := d.Calls("ssh-keygen"); len(calls) != 1 || !slices.Equal(calls[0], []string{"-l", "-E", "sha256", "-f", "-"}) {
		t.Fatalf("ssh-keygen argv %q", calls)
	}
	if _, err := Scan(context.Background(), fakeRunner(d), "web1", "-oProxyCommand=x", 22); err == nil {
		t.Fatal("an address starting with - must be refused")
	}
}

func TestScanNoKeys(t *testing.T) {
	t.Parallel()
	d := fakecmd.New(t)
	d.Script("ssh-keyscan", "exit 1")
	_, err := Scan(context.Background(), fakeRunner(d), "web1", "127.0.0.2", 22099)
	var se *Error
	if !errors.As(err, &se) || se.Kind != NoHostKey || !strings.Contains(se.Error(), "127.0.0.2 port 22099") {
		t.Fatalf("got %v", err)
	}
	d.ReplayStderr("ssh-keyscan", "testdata/keyscan-unknown-host-name.err", 1)
	if _, err := Scan(context.Background(), fakeRunner(d), "web1", "nosuch.invalid", 22); !errors.As(err, &se) || se.Kind != UnknownHostName {
		t.Fatalf("got %v", err)
	}
}

func TestAcceptOnlyAMatchingScannedKey(t *testing.T) {
	t.Parallel()
	d := fakeScanTools(t)
	o := validOptions()
	o.KnownHostsFile = filepath.Join(t.TempDir(), "known_hosts")
	kh := KnownHostsFile(o.KnownHostsFile)

	other := "SHA256:Hcl0QFr3hYXA6LORjFsKDiVJuv7MxxxlTOkxXk4mYTk"
	_, err := Accept(context.Background(), fakeRunner(d), o, other)
	var me *FingerprintMismatchError
	if !errors.As(err, &me) || !slices.Contains(me.Offered, recordedEd25519) {
		t.Fatalf("got %v", err)
	}
	if keys, _ := kh.Keys("web1"); len(keys) != 0 {
		t.Fatalf("a refused accept wrote %+v", keys)
	}

	k, err := Accept(context.Background(), fakeRunner(d), o, recordedEd25519)
	if err != nil || k.Type != "ssh-ed25519" {
		t.Fatalf("got %+v, %v", k, err)
	}
	b, _ := os.ReadFile(o.KnownHostsFile)
	if got := string(b); got != "web1 ssh-ed25519 "+k.Key+"\n" {
		t.Fatalf("known_hosts %q", got)
	}
	// Accept scans again each time: a stale answer is never trusted.
	if n := len(d.Calls("ssh-keyscan")); n != 2 {
		t.Fatalf("%d scans, want one per accept", n)
	}

	var ve *ValidationError
	if _, err := Accept(context.Background(), fakeRunner(d), o, "z3TlJUAb59SFgQmjjdwKz"); !errors.As(err, &ve) || ve.Field != "fingerprint" {
		t.Fatalf("got %v", err)
	}
}
