package testenv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/client"
)

// Bamsd is a bamsd process started for one test.
type Bamsd struct {
	Dir    string // its state folder: socket, store, log, config
	Socket string
	Config string // path of its config file
	Log    string // path of its log

	t      testing.TB
	cmd    *exec.Cmd
	client *client.Client
}

// StartBamsd starts bamsd with a config whose paths all live in a fresh
// shared temp folder; extra is appended to the config (YAML). bamsd is
// stopped by PID when the test ends, and its log printed if the test failed.
func StartBamsd(t testing.TB, extra string) *Bamsd {
	t.Helper()
	dir := SharedTempDir(t)
	b := &Bamsd{Dir: dir, Socket: filepath.Join(dir, "bams.sock"), Config: filepath.Join(dir, "config.yaml"),
		Log: filepath.Join(dir, "bamsd.log"), t: t}
	cfg := fmt.Sprintf("socket: %s\ndatabase: %s\nbackup_root: %s\nrestore_root: %s\nssh_key: %s\n%s",
		b.Socket, filepath.Join(dir, "bams.db"), filepath.Join(dir, "backups"), filepath.Join(dir, "restore"),
		filepath.Join(dir, "ssh", "id_ed25519"), extra)
	if err := os.WriteFile(b.Config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Stop()
		if t.Failed() {
			log, _ := os.ReadFile(b.Log)
			t.Logf("bamsd log (%s):\n%s", b.Log, log)
		}
	})
	b.Start()
	return b
}

// Start (re)starts the process on the same config and waits until it answers.
func (b *Bamsd) Start() {
	b.t.Helper()
	logf, err := os.OpenFile(b.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		b.t.Fatal(err)
	}
	defer logf.Close()
	b.cmd = exec.Command(Bin(b.t, "bamsd"), "--config", b.Config)
	b.cmd.Stdout, b.cmd.Stderr = logf, logf
	if err := b.cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func(c *exec.Cmd) { c.Wait(); close(exited) }(b.cmd)
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := client.New(b.Socket).Health(ctx)
		cancel()
		if err == nil {
			return
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(b.Log)
			b.t.Fatalf("bamsd exited at start-up:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("bamsd did not answer within 10 s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// PID of the running bamsd.
func (b *Bamsd) PID() int { return b.cmd.Process.Pid }

// Stop sends SIGTERM and waits (then SIGKILL after 30 s). Idempotent.
func (b *Bamsd) Stop() {
	b.signal(syscall.SIGTERM, 30*time.Second)
}

// Kill crashes bamsd (SIGKILL), leaving its tasks' processes behind.
func (b *Bamsd) Kill() {
	b.signal(syscall.SIGKILL, 5*time.Second)
}

func (b *Bamsd) signal(sig syscall.Signal, wait time.Duration) {
	if b.cmd == nil || b.cmd.Process == nil || b.cmd.ProcessState != nil {
		return
	}
	pid := b.cmd.Process.Pid
	_ = b.cmd.Process.Signal(sig)
	deadline := time.Now().Add(wait)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if alive(pid) {
		_ = b.cmd.Process.Kill()
	}
	for alive(pid) {
		time.Sleep(10 * time.Millisecond)
	}
}

// alive: a zombie (exited, not yet reaped) counts as gone.
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

// Client is the test's one Go client on bamsd's socket, as root (one, so
// polling reuses its connections instead of piling up new ones).
func (b *Bamsd) Client() *client.Client {
	if b.client == nil {
		b.client = client.New(b.Socket)
	}
	return b.client
}

// LogText is bamsd's log so far.
func (b *Bamsd) LogText() string {
	log, _ := os.ReadFile(b.Log)
	return string(log)
}
