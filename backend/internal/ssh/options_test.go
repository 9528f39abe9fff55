package ssh

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func validOptions() Options {
	return Options{Host: "web1", Address: "web1.example.org", Port: 2222, User: "backup",
		KeyFile: "/var/lib/bams/ssh/id_ed25519", KnownHostsFile: "/var/lib/bams/ssh/known_hosts"}
}

func TestArgsExact(t *testing.T) {
	t.Parallel()
	args, err := validOptions().Args()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-F", "/dev/null", "-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile=/var/lib/bams/ssh/known_hosts", "-o", "GlobalKnownHostsFile=/dev/null",
		"-o", "StrictHostKeyChecking=yes", "-o", "HostKeyAlias=web1", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
		"-o", "ConnectTimeout=10", "-i", "/var/lib/bams/ssh/id_ed25519", "-p", "2222"}
	if !slices.Equal(args, want) {
		t.Fatalf("args\n got %q\nwant %q", args, want)
	}
}

func TestRsyncShellSplitsBackToArgs(t *testing.T) {
	t.Parallel()
	o := validOptions()
	o.Port, o.ConnectTimeout = 0, 30*time.Second
	s, err := o.RsyncShell()
	if err != nil {
		t.Fatal(err)
	}
	args, _ := o.Args()
	if got := strings.Fields(s); got[0] != "ssh" || !slices.Equal(got[1:], args) {
		t.Fatalf("%q does not split into ssh + %q", s, args)
	}
	if !strings.Contains(s, " -p 22") || !strings.Contains(s, "ConnectTimeout=30 ") {
		t.Fatalf("defaults not applied: %q", s)
	}
}

func TestValidationRejectsAndNamesField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		field string
		set   func(*Options)
	}{
		{"host", func(o *Options) { o.Host = "-oProxyCommand=x" }},
		{"host", func(o *Options) { o.Host = "web 1" }},
		{"host", func(o *Options) { o.Host = "Web1" }},
		{"address", func(o *Options) { o.Address = "-oProxyCommand=touch /tmp/x" }},
		{"address", func(o *Options) { o.Address = "web1;reboot" }},
		{"address", func(o *Options) { o.Address = "web1\nx" }},
		{"address", func(o *Options) { o.Address = "" }},
		{"port", func(o *Options) { o.Port = 70000 }},
		{"user", func(o *Options) { o.User = "-l" }},
		{"user", func(o *Options) { o.User = "root$(id)" }},
		{"key_file", func(o *Options) { o.KeyFile = "relative/key" }},
		{"key_file", func(o *Options) { o.KeyFile = "/var/lib/bams/../../etc/key" }},
		{"key_file", func(o *Options) { o.KeyFile = "/var/lib/my key" }},
		{"known_hosts_file", func(o *Options) { o.KnownHostsFile = "/tmp/kh'x" }},
		{"known_hosts_file", func(o *Options) { o.KnownHostsFile = "/tmp/kh\tx" }},
		{"connect_timeout", func(o *Options) { o.ConnectTimeout = time.Millisecond }},
	}
	for _, c := range cases {
		o := validOptions()
		c.set(&o)
		_, err := o.Args()
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field {
			t.Errorf("%+v: got %v, want a ValidationError on %s", o, err, c.field)
		}
	}
}

func TestValidAddressTakesIPs(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"127.0.0.2", "::1", "fd00::5", "db-1.internal"} {
		if err := ValidAddress("address", a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
}
