package testenv

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SSHD is a real sshd standing in for one backed-up host, on its own
// loopback address (127.0.0.2, 127.0.0.3, ...: all loopback, so nothing
// leaves the machine). Root may log in with the keys in AuthorizedKeys.
type SSHD struct {
	Address        string
	Port           int
	AuthorizedKeys string
	dir            string
	t              testing.TB
	cmd            *exec.Cmd
}

// RequireSSHD skips (or fails, when integration is required) unless a
// real sshd, ssh and rsync are installed.
func RequireSSHD(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "a real sshd and pulls as root need root")
	}
	for _, b := range []string{"/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/ssh-keyscan", "/usr/bin/rsync"} {
		if _, err := os.Stat(b); err != nil {
			Missing(t, "%s not installed (apt-get install openssh-server openssh-client rsync)", b)
		}
	}
}

// StartSSHD starts sshd on address (loopback only) and a free port, with a
// fresh host key, stopped by PID when the test ends.
func StartSSHD(t testing.TB, address string) *SSHD {
	t.Helper()
	RequireSSHD(t)
	if ip := net.ParseIP(address); ip == nil || !ip.IsLoopback() {
		t.Fatalf("test sshd only on loopback, not %s", address)
	}
	// sshd's privilege separation folder; only its service start makes it.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &SSHD{Address: address, Port: freePort(t, address), AuthorizedKeys: filepath.Join(dir, "authorized_keys"), dir: dir, t: t}
	s.NewHostKey()
	if err := os.WriteFile(s.AuthorizedKeys, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// test/sshd/sshd_config.in is shared with the browser tests' harness
	tmpl, err := os.ReadFile(repoFile("test", "sshd", "sshd_config.in"))
	if err != nil {
		t.Fatal(err)
	}
	config := strings.NewReplacer("@ADDRESS@", address, "@PORT@", strconv.Itoa(s.Port), "@DIR@", dir).Replace(string(tmpl))
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("/usr/sbin/sshd", "-t", "-f", filepath.Join(dir, "sshd_config")).CombinedOutput(); err != nil {
		t.Fatalf("sshd -t: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("sshd %s log:\n%s", address, s.log())
		}
		s.Stop()
	})
	s.Start()
	return s
}

// Start (re)starts sshd and waits until it listens.
func (s *SSHD) Start() {
	s.t.Helper()
	// -D: stay in the foreground, so the PID is the one we started.
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-f", filepath.Join(s.dir, "sshd_config"), "-E", filepath.Join(s.dir, "sshd.log"))
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(s.Address, strconv.Itoa(s.Port)), time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("sshd did not listen on %s:%d: %v\n%s", s.Address, s.Port, err, s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop stops sshd ("host down"), by PID. Idempotent.
func (s *SSHD) Stop() {
	if s.cmd == nil || s.cmd.Process == nil || s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// NewHostKey gives the host a new host key (takes effect at the next Start).
func (s *SSHD) NewHostKey() {
	s.t.Helper()
	key := filepath.Join(s.dir, "host_ed25519")
	os.Remove(key)
	os.Remove(key + ".pub")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		s.t.Fatalf("host key: %v: %s", err, out)
	}
}

// Authorize lets the holder of publicKey log in as root.
func (s *SSHD) Authorize(publicKey string) {
	s.t.Helper()
	if err := os.WriteFile(s.AuthorizedKeys, []byte(publicKey+"\n"), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

func (s *SSHD) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "sshd.log"))
	return string(b)
}

// freePort is a port nothing listens on at address right now.
func freePort(t testing.TB, address string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(address, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
