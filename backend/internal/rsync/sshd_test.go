package rsync

// A real sshd for tests, on a loopback address. Kept in this one file so
// the shared test harness (testenv) can take it over unchanged.

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"bams/backend/internal/testenv"
)

// testSSHD is one running sshd: root may log in with the keys in
// AuthorizedKeys only.
type testSSHD struct {
	Address        string
	Port           int
	AuthorizedKeys string // a file the test writes public keys into
	dir            string
	cmd            *exec.Cmd
}

// requireSSHD skips (or fails, with BAMS_REQUIRE_INTEGRATION=1) when sshd
// cannot run here.
func requireSSHD(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "a real sshd and a pull as root need root")
	}
	// What a real pull needs (Debian: openssh-server, openssh-client,
	// rsync; listed in scripts/deps-backup.txt).
	for _, b := range []string{"/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/ssh-keyscan", "/usr/bin/rsync"} {
		if _, err := os.Stat(b); err != nil {
			testenv.Missing(t, "%s not installed (apt-get install openssh-server openssh-client rsync)", b)
		}
	}
}

// startSSHD starts sshd on address (127.0.0.0/8 only) and a free port,
// with its own host key and config in a temp folder, and stops it by PID
// when the test ends.
func startSSHD(t *testing.T, address string) *testSSHD {
	t.Helper()
	if ip := net.ParseIP(address); ip == nil || !ip.IsLoopback() {
		t.Fatalf("test sshd only on loopback, not %s", address)
	}
	// sshd's compiled-in privilege separation folder; Debian's service
	// start makes it, and nothing else does where no systemd runs.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &testSSHD{Address: address, Port: freePort(t, address), AuthorizedKeys: filepath.Join(dir, "authorized_keys"), dir: dir}
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", filepath.Join(dir, "host_ed25519")).CombinedOutput(); err != nil {
		t.Fatalf("host key: %v: %s", err, out)
	}
	if err := os.WriteFile(s.AuthorizedKeys, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`ListenAddress %s
Port %d
HostKey %s/host_ed25519
PidFile %s/sshd.pid
AuthorizedKeysFile %s
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
`, address, s.Port, dir, dir, s.AuthorizedKeys)
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// -D: stay in the foreground, so the PID is the one we started.
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-f", filepath.Join(dir, "sshd_config"), "-E", filepath.Join(dir, "sshd.log"))
	if out, err := exec.Command("/usr/sbin/sshd", "-t", "-f", filepath.Join(dir, "sshd_config")).CombinedOutput(); err != nil {
		t.Fatalf("sshd -t: %v: %s", err, out)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stop(t) })
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(address, strconv.Itoa(s.Port)), time.Second)
		if err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd did not listen on %s:%d: %v\n%s", address, s.Port, err, s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Authorize lets the holder of publicKey log in as root.
func (s *testSSHD) Authorize(t *testing.T, publicKey string) {
	t.Helper()
	if err := os.WriteFile(s.AuthorizedKeys, []byte(publicKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (s *testSSHD) stop(t *testing.T) {
	if t.Failed() {
		t.Logf("sshd log:\n%s", s.log())
	}
	// The listener's PID; its session children exit with their connections.
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

func (s *testSSHD) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "sshd.log"))
	return string(b)
}

// freePort is a port nothing listens on at address right now.
func freePort(t *testing.T, address string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(address, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
