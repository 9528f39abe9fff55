package rsync

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/ssh"
)

func validOptions() Options {
	return Options{
		SSH: ssh.Options{Host: "web1", Address: "10.0.0.5", User: "root",
			KeyFile: "/var/lib/bams/ssh/id_ed25519", KnownHostsFile: "/var/lib/bams/ssh/known_hosts"},
		Source:   "/srv/www",
		Dest:     "/backup/web1/.staging-42",
		LinkDest: []string{"/backup/web1/.staging-41", "/backup/web1/2026-11-21T02-00-00Z"},
	}
}

const sshString = "ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=/var/lib/bams/ssh/known_hosts " +
	"-o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o HostKeyAlias=web1 -o IdentitiesOnly=yes -o IdentityAgent=none " +
	"-o ConnectTimeout=10 -i /var/lib/bams/ssh/id_ed25519 -p 22"

func TestPullArgsExact(t *testing.T) {
	t.Parallel()
	o := validOptions()
	o.Reserved = []string{".bams-snapshot.json"} // excluded only for "/": no host name lands beside it here
	args, err := PullArgs(o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--archive", "--hard-links", "--numeric-ids", "--partial", "--modify-window=-1",
		"--secluded-args", "--timeout=600", "--info=progress2", "--stats",
		"--link-dest=/backup/web1/.staging-41", "--link-dest=/backup/web1/2026-11-21T02-00-00Z",
		"-e", sshString, "--", "root@10.0.0.5:/srv/www", "/backup/web1/.staging-42/"}
	if !slices.Equal(args, want) {
		t.Fatalf("argv\n got %q\nwant %q", args, want)
	}
}

func TestPullArgsAllOptions(t *testing.T) {
	t.Parallel()
	o := validOptions()
	o.SSH.Address, o.SSH.Port = "fd00::5", 2222
	o.Source, o.LinkDest = "/", nil
	o.Include, o.Exclude = []string{"/var/lib/important/***"}, []string{"/var/lib/*", "*.tmp", "/home/*/.cache"}
	o.BandwidthKBps, o.IOTimeout = 5000, 90*time.Second
	o.ACLs, o.Xattrs, o.OneFileSystem = true, true, true
	o.ConfineTo = "/backup/web1"
	o.Reserved = []string{".bams-snapshot.json"}
	args, err := PullArgs(o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--archive", "--hard-links", "--numeric-ids", "--partial", "--modify-window=-1",
		"--secluded-args", "--timeout=90", "--info=progress2", "--stats", "--acls", "--xattrs", "--one-file-system",
		"--bwlimit=5000", "--exclude=/.bams-snapshot.json", "--include=/var/lib/important/***", "--exclude=/var/lib/*", "--exclude=*.tmp",
		"--exclude=/home/*/.cache", "--confine-root=/backup/web1", "-e", strings.Replace(sshString, "-p 22", "-p 2222", 1), "--",
		"root@[fd00::5]:/", "/backup/web1/.staging-42/"}
	if !slices.Equal(args, want) {
		t.Fatalf("argv\n got %q\nwant %q", args, want)
	}
}

// An in-place update of a working copy: no base, and the copy mirrors
// the host (what it deleted or now excludes goes).
func TestPullArgsInPlace(t *testing.T) {
	t.Parallel()
	o := validOptions()
	o.LinkDest, o.InPlace, o.Dest = nil, true, "/backup/web1/_working/srv"
	args, err := PullArgs(o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--archive", "--hard-links", "--numeric-ids", "--partial", "--modify-window=-1",
		"--secluded-args", "--timeout=600", "--info=progress2", "--stats", "--inplace", "--delete", "--delete-excluded",
		"-e", sshString, "--", "root@10.0.0.5:/srv/www", "/backup/web1/_working/srv/"}
	if !slices.Equal(args, want) {
		t.Fatalf("argv\n got %q\nwant %q", args, want)
	}
	o.LinkDest = []string{"/backup/web1/2026-11-21T02-00-00Z"}
	if _, err := PullArgs(o); err == nil {
		t.Fatal("an in-place update with a base accepted")
	}
}

// A working copy at the top of a ZFS dataset: its .zfs goes untouched
// ahead of every other rule, so not even an include re-admits it, and
// deleting what the host lacks never reaches the snapshots in it.
func TestPullArgsProtect(t *testing.T) {
	t.Parallel()
	o := validOptions()
	o.LinkDest, o.InPlace, o.Source, o.Dest = nil, true, "/", "/backup/web1"
	o.Include, o.Exclude = []string{"*"}, nil
	o.Reserved, o.Protect = []string{".bams-snapshot.json"}, []string{".zfs"}
	args, err := PullArgs(o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--archive", "--hard-links", "--numeric-ids", "--partial", "--modify-window=-1",
		"--secluded-args", "--timeout=600", "--info=progress2", "--stats", "--filter=P /.zfs", "--filter=H /.zfs",
		"--exclude=/.bams-snapshot.json", "--include=*", "--inplace", "--delete", "--delete-excluded",
		"-e", sshString, "--", "root@10.0.0.5:/", "/backup/web1/"}
	if !slices.Equal(args, want) {
		t.Fatalf("argv\n got %q\nwant %q", args, want)
	}
}

func TestPullArgsRejectsAndNamesField(t *testing.T) {
	t.Parallel()
	many := make([]string, MaxLinkDest+1)
	for i := range many {
		many[i] = "/backup/web1/s" + string(rune('a'+i))
	}
	cases := []struct {
		field string
		set   func(*Options)
	}{
		{"source", func(o *Options) { o.Source = "" }},
		{"source", func(o *Options) { o.Source = "-e sh" }},
		{"source", func(o *Options) { o.Source = "relative/path" }},
		{"source", func(o *Options) { o.Source = "/srv/../etc" }},
		{"source", func(o *Options) { o.Source = "/srv/x\n--rsh=sh" }},
		{"source", func(o *Options) { o.Source = "/srv/x\x1b[2J" }},
		{"source", func(o *Options) { o.Source = "/srv/x\u2028y" }},
		{"source", func(o *Options) { o.Source = "/srv/\xff" }},
		{"source", func(o *Options) { o.Source = "/srv/./x" }},
		{"source", func(o *Options) { o.Source = "/srv//x" }},
		{"source", func(o *Options) { o.Source = "/srv/" }},
		{"source", func(o *Options) { o.Source = "/" + strings.Repeat("a", MaxPathLength) }},
		{"dest", func(o *Options) { o.Dest = "/backup/web1/../web2" }},
		{"dest", func(o *Options) { o.Dest = "-backup" }},
		{"link_dest[0]", func(o *Options) { o.LinkDest[0] = "../snapshot.5" }},
		{"link_dest", func(o *Options) { o.LinkDest = many }},
		{"confine_to", func(o *Options) { o.ConfineTo = "backup" }},
		{"reserved[0]", func(o *Options) { o.Reserved = []string{"a/b"} }},
		{"reserved[0]", func(o *Options) { o.Reserved = []string{"*"} }},
		{"protect[0]", func(o *Options) { o.Protect = []string{"a/b"} }},
		{"confine_to", func(o *Options) { o.ConfineTo = "/backup/../etc" }},
		{"exclude[0]", func(o *Options) { o.Exclude = []string{"--delete"} }},
		{"exclude[0]", func(o *Options) { o.Exclude = []string{"+ /etc"} }},
		{"exclude[0]", func(o *Options) { o.Exclude = []string{"!"} }},
		{"include[0]", func(o *Options) { o.Include = []string{"a\nb"} }},
		{"include[0]", func(o *Options) { o.Include = []string{""} }},
		{"bandwidth_kbps", func(o *Options) { o.BandwidthKBps = -1 }},
		{"io_timeout", func(o *Options) { o.IOTimeout = time.Millisecond }},
	}
	for _, c := range cases {
		o := validOptions()
		o.LinkDest = slices.Clone(o.LinkDest)
		c.set(&o)
		_, err := PullArgs(o)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field {
			t.Errorf("%s: got %v", c.field, err)
		}
	}
	// The ssh fields are checked by package ssh, which names them too.
	o := validOptions()
	o.SSH.Address = "-oProxyCommand=sh"
	var sve *ssh.ValidationError
	if _, err := PullArgs(o); !errors.As(err, &sve) || sve.Field != "address" {
		t.Fatalf("got %v", err)
	}
}

// Paths people have (spaces, quotes, shell syntax, any letters) reach
// rsync as single, unchanged arguments: no shell sees them here, and
// --secluded-args keeps the host's shell from seeing them there.
func TestPullArgsKeepPathsPeopleHave(t *testing.T) {
	for _, src := range []string{"/srv/Shared Docs", "/home/o'brien", "/srv/été", `/srv/a;b $(reboot) *`, "/" + strings.Repeat("a", MaxPathLength-64)} {
		o := validOptions()
		o.Source, o.Dest = src, "/backup/web1/.staging-1"+src
		args, err := PullArgs(o)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if !slices.Contains(args, "--secluded-args") || args[len(args)-2] != "root@10.0.0.5:"+src || args[len(args)-1] != o.Dest+"/" {
			t.Errorf("%.80q: argv ends %.200q", src, args[len(args)-3:])
		}
	}
}
