package rsync

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/testenv"
)

// realHost is a host served by a test sshd, with bamsd's key accepted.
type realHost struct {
	sshd   *testenv.SSHD
	runner *execx.Runner
	opts   ssh.Options
}

// newRealHost starts sshd on address, makes bamsd's key, lets it log in as
// root, and accepts the host key through the real scan-and-accept flow.
func newRealHost(t *testing.T, address string) realHost {
	t.Helper()
	sshd := testenv.StartSSHD(t, address)
	r := &execx.Runner{Path: "/usr/bin:/bin:/usr/sbin:/sbin", Timeout: 60 * time.Second}
	keys := filepath.Join(t.TempDir(), "ssh")
	opts := ssh.Options{Host: "web1", Address: address, Port: sshd.Port, User: "root",
		KeyFile: filepath.Join(keys, "id_ed25519"), KnownHostsFile: filepath.Join(keys, "known_hosts")}
	ctx := context.Background()
	pub, err := ssh.EnsureKey(ctx, r, opts.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	sshd.Authorize(pub)

	// Before any accept: strict checking refuses the host.
	_, err = ssh.Run(ctx, r, opts, "true")
	var se *ssh.Error
	if !errors.As(err, &se) || se.Kind != ssh.HostKeyUnknown {
		t.Fatalf("unaccepted host: got %v", err)
	}
	scanned, err := ssh.Scan(ctx, r, opts.Host, address, sshd.Port)
	if err != nil || len(scanned) != 1 || scanned[0].Type != "ssh-ed25519" {
		t.Fatalf("scan: %+v, %v", scanned, err)
	}
	if _, err := ssh.Accept(ctx, r, opts, scanned[0].Fingerprint); err != nil {
		t.Fatal(err)
	}
	return realHost{sshd: sshd, runner: r, opts: opts}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// Two pulls from a real sshd on 127.0.0.2, the second with --link-dest:
// unchanged files share an inode with the first snapshot, a changed one
// does not, and the figures come out of the progress and stats parsers.
func TestPullRealLinkDest(t *testing.T) {
	t.Parallel()
	h := newRealHost(t, "127.0.0.2")
	ctx := context.Background()

	remote := filepath.Join(t.TempDir(), "remote")
	big := bytes.Repeat([]byte("0123456789abcdef"), 128<<10) // 2 MiB
	writeFile(t, filepath.Join(remote, "data", "big.bin"), big)
	writeFile(t, filepath.Join(remote, "data", "same.txt"), []byte("unchanged\n"))
	writeFile(t, filepath.Join(remote, "data", "sub", "changes.txt"), []byte("version 1\n"))
	writeFile(t, filepath.Join(remote, "etc", "app.conf"), []byte("x=1\n"))
	if err := os.Link(filepath.Join(remote, "data", "same.txt"), filepath.Join(remote, "data", "same-link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("same.txt", filepath.Join(remote, "data", "symlink")); err != nil {
		t.Fatal(err)
	}

	root := filepath.Join(t.TempDir(), "backup")
	if err := os.Mkdir(root, 0o700); err != nil {
		t.Fatal(err)
	}
	pull := func(dest string, linkDest ...string) (Stats, []Progress) {
		t.Helper()
		var progress []Progress
		pgid := 0
		o := Options{SSH: h.opts, Source: remote, Dest: dest, LinkDest: linkDest, Exclude: []string{"*.tmp"}}
		if err := os.Mkdir(dest, 0o700); err != nil {
			t.Fatal(err)
		}
		stats, warn, err := Pull(ctx, h.runner, o, func(p Progress) { progress = append(progress, p) }, func(g int) { pgid = g })
		if err != nil || warn.Code != 0 {
			t.Fatalf("pull into %s: %v %v", dest, err, warn)
		}
		if pgid <= 0 || len(progress) == 0 {
			t.Fatalf("pgid %d, %d progress records", pgid, len(progress))
		}
		if last := progress[len(progress)-1]; last.ToCheck != 0 || last.Total != int(stats.Files) || last.Scanning {
			t.Errorf("last progress %+v, stats %+v", last, stats)
		}
		return stats, progress
	}

	writeFile(t, filepath.Join(remote, "data", "skip.tmp"), []byte("excluded"))
	snap1 := filepath.Join(root, "snap1")
	s1, p1 := pull(snap1)
	// the source folder lands in <dest>/<its name>
	in1 := func(rel string) string { return filepath.Join(snap1, filepath.Base(remote), rel) }
	if got, err := os.ReadFile(in1("data/big.bin")); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("big.bin not copied: %v", err)
	}
	if _, err := os.Stat(in1("data/skip.tmp")); !os.IsNotExist(err) {
		t.Errorf("excluded file copied: %v", err)
	}
	if inode(t, in1("data/same.txt")) != inode(t, in1("data/same-link.txt")) {
		t.Error("source hard links not kept (-H)")
	}
	if s1.TransferredFiles != 4 || s1.NewBytes() != int64(len(big))+10+10+4 || s1.RegularFiles != 5 || s1.Links != 1 {
		t.Errorf("first stats %+v", s1)
	}
	if p1[len(p1)-1].Bytes != s1.TransferredSize {
		t.Errorf("progress bytes %d, stats %d", p1[len(p1)-1].Bytes, s1.TransferredSize)
	}

	writeFile(t, filepath.Join(remote, "data", "sub", "changes.txt"), []byte("version two\n"))
	snap2 := filepath.Join(root, "snap2")
	// An interrupted run's staging folder comes first; here it is gone,
	// which rsync notes and ignores.
	s2, _ := pull(snap2, filepath.Join(root, ".staging-gone"), snap1)
	in2 := func(rel string) string { return filepath.Join(snap2, filepath.Base(remote), rel) }
	for _, rel := range []string{"data/big.bin", "data/same.txt", "etc/app.conf"} {
		if inode(t, in1(rel)) != inode(t, in2(rel)) {
			t.Errorf("%s: unchanged but not a hard link into the base", rel)
		}
	}
	if inode(t, in1("data/sub/changes.txt")) == inode(t, in2("data/sub/changes.txt")) {
		t.Error("changed file shares the base's inode: the base would change with it")
	}
	if got, _ := os.ReadFile(in1("data/sub/changes.txt")); string(got) != "version 1\n" {
		t.Errorf("base snapshot changed: %q", got)
	}
	if s2.TransferredFiles != 1 || s2.NewBytes() != int64(len("version two\n")) || s2.Files != s1.Files {
		t.Errorf("second stats %+v", s2)
	}
}

// The failures an admin meets most, each from the real tools, each typed.
func TestPullRealFailures(t *testing.T) {
	t.Parallel()
	h := newRealHost(t, "127.0.0.3")
	ctx := context.Background()
	root := t.TempDir()
	opts := func(o ssh.Options, dest string, source string) Options {
		return Options{SSH: o, Source: source, Dest: filepath.Join(root, dest)}
	}
	var e *Error
	var se *ssh.Error

	_, _, err := Pull(ctx, h.runner, opts(h.opts, "missing", "/nonexistent/source"), nil, nil)
	if !errors.As(err, &e) || e.Kind != SourceMissing || len(e.Paths) != 1 || e.Paths[0] != "/nonexistent/source" {
		t.Errorf("missing source: got %v", err)
	}

	refused := h.opts
	down := testenv.StartSSHD(t, "127.0.0.3") // a host that is down: its port refuses
	down.Stop()
	refused.Port = down.Port
	_, _, err = Pull(ctx, h.runner, opts(refused, "refused", "/etc/hostname"), nil, nil)
	if !errors.As(err, &e) || e.Kind != Connection || !errors.As(err, &se) || se.Kind != ssh.ConnectionRefused {
		t.Errorf("refused port: got %v", err)
	}

	// Another key under the host's name: what a reinstalled (or
	// impersonated) host looks like.
	other := filepath.Join(t.TempDir(), "other", "key")
	if _, err := ssh.EnsureKey(ctx, h.runner, other); err != nil {
		t.Fatal(err)
	}
	pub, _ := ssh.PublicKey(other)
	f := strings.Fields(pub)
	if err := ssh.KnownHostsFile(h.opts.KnownHostsFile).Set(h.opts.Host, []ssh.HostKey{{Type: f[0], Key: f[1]}}); err != nil {
		t.Fatal(err)
	}
	_, _, err = Pull(ctx, h.runner, opts(h.opts, "mismatch", "/etc/hostname"), nil, nil)
	if !errors.As(err, &se) || se.Kind != ssh.HostKeyChanged || !strings.HasPrefix(se.Fingerprint, "SHA256:") || !strings.Contains(err.Error(), "host key of web1 changed") {
		t.Errorf("host key mismatch: got %v", err)
	}
	// Accepting a fingerprint the host does not offer changes nothing.
	var me *ssh.FingerprintMismatchError
	if _, err := ssh.Accept(ctx, h.runner, h.opts, "SHA256:"+strings.Repeat("A", 43)); !errors.As(err, &me) {
		t.Errorf("accept of a wrong fingerprint: got %v", err)
	}

	// A host's before/after command over the same ssh, once its key is back.
	if _, err := ssh.Accept(ctx, h.runner, h.opts, se.Fingerprint); err != nil {
		t.Fatal(err)
	}
	res, err := ssh.Run(ctx, h.runner, h.opts, "echo before-backup; exit 3")
	var ce *ssh.CommandError
	if !errors.As(err, &ce) || ce.Code != 3 || string(res.Stdout) != "before-backup\n" {
		t.Errorf("remote command: got %v, %q", err, res.Stdout)
	}
}
