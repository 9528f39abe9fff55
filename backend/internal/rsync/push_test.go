package rsync

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"bams/backend/internal/ssh"
)

func TestPushArgs(t *testing.T) {
	remote := &ssh.Options{Host: "web1", Address: "127.0.0.2", Port: 2222, User: "root",
		KeyFile: "/var/lib/bams/ssh/id_ed25519", KnownHostsFile: "/var/lib/bams/ssh/known_hosts"}
	args, err := PushArgs(PushOptions{SSH: remote, Root: "/b/web1/2026-11-22T01-30-00Z",
		Sources: []string{"srv/www", "home/bob/My Documents"}, Dest: "/", Delete: true})
	if err != nil {
		t.Fatal(err)
	}
	tail := args[slices.Index(args, "--"):]
	want := []string{"--", "/b/web1/2026-11-22T01-30-00Z/./srv/www", "/b/web1/2026-11-22T01-30-00Z/./home/bob/My Documents", "root@127.0.0.2:/"}
	if !slices.Equal(tail, want) {
		t.Errorf("tail %q, want %q", tail, want)
	}
	for _, f := range []string{"--delete", "--no-implied-dirs", "--relative", "--secluded-args", "--numeric-ids", "--info=progress2"} {
		if !slices.Contains(args, f) {
			t.Errorf("%s missing in %q", f, args)
		}
	}
	if slices.Contains(args, "--dry-run") || slices.Contains(args, "--partial") {
		t.Errorf("unexpected flag in %q", args)
	}

	// local, dry run, no delete: implied dirs are sent, nothing deleted
	args, err = PushArgs(PushOptions{Root: "/b/web1/s", Sources: []string{"srv"}, Dest: "/var/lib/bams/restore/x", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"--delete", "--no-implied-dirs", "-e", "--info=progress2"} {
		if slices.Contains(args, f) {
			t.Errorf("%s in local dry run %q", f, args)
		}
	}
	if !slices.Contains(args, "--dry-run") || args[len(args)-1] != "/var/lib/bams/restore/x/" {
		t.Errorf("local dry run %q", args)
	}
}

func TestPushArgsRejects(t *testing.T) {
	good := PushOptions{Root: "/b/s", Sources: []string{"srv"}, Dest: "/r"}
	for name, edit := range map[string]func(o *PushOptions){
		"no sources":       func(o *PushOptions) { o.Sources = nil },
		"absolute source":  func(o *PushOptions) { o.Sources = []string{"/etc"} },
		"dotdot source":    func(o *PushOptions) { o.Sources = []string{"srv/../../etc"} },
		"leading dotdot":   func(o *PushOptions) { o.Sources = []string{"../x"} },
		"dot source":       func(o *PushOptions) { o.Sources = []string{"."} },
		"unclean source":   func(o *PushOptions) { o.Sources = []string{"srv//www"} },
		"newline source":   func(o *PushOptions) { o.Sources = []string{"srv\nx"} },
		"relative dest":    func(o *PushOptions) { o.Dest = "r" },
		"option dest":      func(o *PushOptions) { o.Dest = "-r" },
		"relative root":    func(o *PushOptions) { o.Root = "b/s" },
		"negative bwlimit": func(o *PushOptions) { o.BandwidthKBps = -1 },
	} {
		o := good
		edit(&o)
		_, err := PushArgs(o)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := PushArgs(good); err != nil {
		t.Fatal(err)
	}
}

func TestPushErrorSaysTo(t *testing.T) {
	e := &Error{Kind: Failed, Code: 23, Host: "web1", Push: true}
	if !strings.HasPrefix(e.Error(), "rsync to web1 failed") {
		t.Error(e.Error())
	}
}
