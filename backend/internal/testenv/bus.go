package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bus is a private D-Bus daemon started for one test, with no service
// activation: polkit is there only while this test runs a polkitd on it.
// That is how "polkit unavailable" is tested (a stopped polkitd on the
// system bus would be bus-activated again).
type Bus struct {
	Address string
	dir     string
	t       testing.TB
	bus     *exec.Cmd
	polkitd *exec.Cmd
}

// StartBus starts a private bus; it and any polkitd are stopped after t.
func StartBus(t testing.TB) *Bus {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		Missing(t, "dbus-daemon not installed")
	}
	if _, err := os.Stat("/usr/lib/polkit-1/polkitd"); err != nil {
		Missing(t, "polkitd not installed")
	}
	dir := SharedTempDir(t)
	b := &Bus{Address: "unix:path=" + filepath.Join(dir, "bus.sock"), dir: dir, t: t}
	conf := fmt.Sprintf(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`, b.Address)
	if err := os.WriteFile(filepath.Join(dir, "bus.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.StopPolkit(); b.Stop() })
	b.Start()
	return b
}

// Start (re)starts the bus daemon at the same address.
func (b *Bus) Start() {
	b.t.Helper()
	os.Remove(filepath.Join(b.dir, "bus.sock"))
	b.bus = exec.Command("dbus-daemon", "--config-file="+filepath.Join(b.dir, "bus.conf"), "--nofork")
	if err := b.bus.Start(); err != nil {
		b.t.Fatal(err)
	}
	b.waitFor(func() bool { _, err := os.Stat(filepath.Join(b.dir, "bus.sock")); return err == nil }, "bus socket")
}

// Stop stops the bus daemon.
func (b *Bus) Stop() { stopCmd(b.bus) }

// StartPolkit runs polkitd on this bus and waits until it owns its name.
func (b *Bus) StartPolkit() {
	b.t.Helper()
	b.polkitd = exec.Command("/usr/lib/polkit-1/polkitd", "--no-debug")
	b.polkitd.Env = append(os.Environ(), "DBUS_SYSTEM_BUS_ADDRESS="+b.Address)
	if err := b.polkitd.Start(); err != nil {
		b.t.Fatal(err)
	}
	b.waitFor(func() bool {
		out, _ := exec.Command("busctl", "--address="+b.Address, "list", "--no-legend").Output()
		for _, line := range strings.Split(string(out), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "org.freedesktop.PolicyKit1" && f[1] != "-" {
				return true
			}
		}
		return false
	}, "polkitd on the private bus")
}

// StopPolkit stops this bus's polkitd.
func (b *Bus) StopPolkit() { stopCmd(b.polkitd) }

func (b *Bus) waitFor(cond func() bool, what string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			b.t.Fatalf("%s not ready within 10 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func stopCmd(c *exec.Cmd) {
	if c == nil || c.Process == nil || c.ProcessState != nil {
		return
	}
	c.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.Process.Kill()
		<-done
	}
}
