package ssh

import (
	"os"
	"strings"
	"testing"
)

func TestClassifyRecordedStderr(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file, kind, detail, fingerprint, message string
	}{
		{"stderr-host-key-changed.txt", string(HostKeyChanged), "web1", "SHA256:z3TlJUAb59SFgQmjjdwKz/KZ3IV6a6jAf7dURelDMBU", "host key of web1 changed (it now offers SHA256:z3TlJUAb59SFgQmjjdwKz/KZ3IV6a6jAf7dURelDMBU)"},
		{"stderr-host-key-changed-port.txt", string(HostKeyChanged), "[127.0.0.1]:12222", "SHA256:tQ1PWsq7XTkE/kRxdA1uTee6DPw9gpSVx0e85bevI30", "host key of web1 changed"},
		{"stderr-host-key-unknown.txt", string(HostKeyUnknown), "ED25519", "", "host key of web1 is not accepted yet"},
		{"stderr-permission-denied.txt", string(PermissionDenied), "root@127.0.0.2", "", "web1 did not accept bamsd's SSH key for root@127.0.0.2"},
		{"stderr-connection-refused.txt", string(ConnectionRefused), "127.0.0.2 port 22099", "", "web1 refused the SSH connection (127.0.0.2 port 22099)"},
		{"stderr-banner-timeout.txt", string(Timeout), "127.0.0.2 port 22077", "", "SSH connection to web1 timed out"},
		{"stderr-unknown-host-name.txt", string(UnknownHostName), "nosuch.invalid", "", "address of web1 (nosuch.invalid) does not resolve"},
		{"keyscan-unknown-host-name.err", string(UnknownHostName), "nosuch.invalid", "", "does not resolve"},
	}
	for _, c := range cases {
		b, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		e := Classify("web1", string(b))
		if e == nil {
			t.Errorf("%s: not classified", c.file)
			continue
		}
		if string(e.Kind) != c.kind || e.Detail != c.detail || e.Fingerprint != c.fingerprint || !strings.Contains(e.Error(), c.message) {
			t.Errorf("%s: got kind %s detail %q fingerprint %q message %q", c.file, e.Kind, e.Detail, e.Fingerprint, e.Error())
		}
	}
}

func TestClassifyUnrecordableAndUnknown(t *testing.T) {
	t.Parallel()
	// OpenSSH's format "ssh: connect to host %s port %s: %s" with the
	// kernel's strerror: cannot be produced on loopback.
	for _, s := range []string{
		"ssh: connect to host 10.1.2.3 port 22: No route to host\r\n",
		"ssh: connect to host 10.1.2.3 port 22: Network is unreachable\r\n",
	} {
		if e := Classify("db1", s); e == nil || e.Kind != NoRoute || e.Detail != "10.1.2.3 port 22" {
			t.Errorf("%q: got %+v", s, e)
		}
	}
	if e := Classify("db1", "ssh: connect to host 10.1.2.3 port 22: Connection timed out\r\n"); e == nil || e.Kind != Timeout {
		t.Errorf("connect timeout: got %+v", e)
	}
	// rsync's own errors are not ssh's, even when they say "Permission denied".
	for _, s := range []string{"", `rsync: [sender] opendir "/root" failed: Permission denied (13)`, "bash: line 1: rsync: command not found"} {
		if e := Classify("db1", s); e != nil {
			t.Errorf("%q: classified as %s", s, e.Kind)
		}
	}
}
