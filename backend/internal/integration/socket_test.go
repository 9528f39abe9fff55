package integration

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// The socket is 0666 (each request is authorized by its caller), and a
// second bamsd refuses to take it over from a live one.
func TestSocketModeAndSingleInstance(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	st, err := os.Stat(b.Socket)
	if err != nil || st.Mode()&os.ModeSocket == 0 || st.Mode().Perm() != 0o666 {
		t.Fatalf("socket %v mode %v", err, st.Mode())
	}
	out, err := exec.Command(testenv.Bin(t, "bamsd"), "--config", b.Config).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "another bamsd is already serving") {
		t.Fatalf("second bamsd: %v %s", err, out)
	}
	if _, err := b.Client().Health(t.Context()); err != nil {
		t.Fatalf("the first bamsd must keep serving: %v", err)
	}
}

// A bad config stops start-up with a message naming the key.
func TestBadConfigStopsStartup(t *testing.T) {
	testenv.RequireMachine(t)
	dir := testenv.SharedTempDir(t)
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte("socket: "+dir+"/s.sock\npolkit:\n  cache_tll: 1s\n"), 0o644)
	out, err := exec.Command(testenv.Bin(t, "bamsd"), "--config", cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "polkit.cache_tll: unknown key") {
		t.Fatalf("bamsd with a typo in its config: %v %s", err, out)
	}
	if _, err := os.Stat(dir + "/s.sock"); !os.IsNotExist(err) {
		t.Fatal("bamsd created its socket despite a bad config")
	}
}

// One uid may hold at most limits.connections_per_uid connections; the
// next one is refused with too-many-connections, and a closed one frees
// its slot.
func TestConnectionCapPerUID(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "limits:\n  connections_per_uid: 2\n")
	var held []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("unix", b.Socket)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	time.Sleep(100 * time.Millisecond) // accepted and counted
	status, body, err := b.Client().Raw(t.Context(), "GET", "/api/v1/health", "")
	if err != nil || status != 503 || !strings.Contains(string(body), string(api.KindTooManyConnections)) {
		t.Fatalf("third connection: %d %s %v", status, body, err)
	}
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := client.New(b.Socket)
		if _, err := c.Health(t.Context()); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("closing a connection did not free its slot")
		}
		time.Sleep(20 * time.Millisecond)
	}
	held[1].Close()
}

// Under systemd: bamsd serves the socket it is handed (LISTEN_FDS) and
// reports READY=1 and STOPPING=1 on NOTIFY_SOCKET.
func TestSocketActivationAndNotify(t *testing.T) {
	testenv.RequireMachine(t)
	dir := testenv.SharedTempDir(t)
	sock := filepath.Join(dir, "activated.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	lnFile, _ := ln.(*net.UnixListener).File()
	notifyPath := filepath.Join(dir, "notify.sock")
	notify, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: notifyPath, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer notify.Close()
	cfg := filepath.Join(dir, "config.yaml")
	// the configured socket is NOT where it listens: systemd's socket wins
	// and every path of its own in dir: none of the appliance's defaults
	// (/var/lib/bams) is made by a test
	os.WriteFile(cfg, []byte("socket: "+dir+"/unused.sock\ndatabase: "+dir+"/bams.db\nbackup_root: "+dir+"/backups\n"+
		"restore_root: "+dir+"/restore\nssh_key: "+dir+"/ssh/id_ed25519\n"), 0o644)

	// LISTEN_PID must be bamsd's own pid: let the shell exec into it.
	cmd := exec.Command("/bin/sh", "-c", `LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" --config "$1"`, testenv.Bin(t, "bamsd"), cfg)
	cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+notifyPath)
	cmd.ExtraFiles = []*os.File{lnFile}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if msg := readNotify(t, notify); !strings.Contains(msg, "READY=1") {
		t.Fatalf("first notification %q, want READY=1", msg)
	}
	t.Logf("start to READY=1: %s", time.Since(start))
	if _, err := os.Stat(dir + "/unused.sock"); !os.IsNotExist(err) {
		t.Fatal("bamsd made its own socket although systemd passed one")
	}
	if _, err := client.New(sock).Health(t.Context()); err != nil {
		t.Fatalf("health on the activated socket: %v", err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if msg := readNotify(t, notify); !strings.Contains(msg, "STOPPING=1") {
		t.Fatalf("notification %q, want STOPPING=1", msg)
	}
	cmd.Wait()
}

func readNotify(t *testing.T, c *net.UnixConn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 4096)
	n, err := bufio.NewReader(c).Read(buf)
	if err != nil {
		t.Fatalf("no sd_notify message: %v", err)
	}
	return string(buf[:n])
}
