package testenv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exim4 is Debian's exim4-daemon-light (scripts/deps-alerts.txt).
const exim4 = "/usr/sbin/exim4"

// MTA is a real mail server (Exim) on 127.0.0.1 and a free port: STARTTLS
// with a certificate of its own (CAFile trusts it), AUTH PLAIN for one
// user, and every message delivered to a maildir the test reads. It runs
// in the foreground as the test's child, without systemd, with its spool,
// log and maildir in the test's temp folder; Stop and the test's cleanup
// end it by PID.
type MTA struct {
	Addr           string
	CAFile         string
	User, Password string
	dir, conf      string
	cmd            *exec.Cmd
	t              testing.TB
}

// StartMTA starts the mail server (root only: Exim drops to nobody).
func StartMTA(t testing.TB) *MTA {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "the mail server test runs as root (exim starts as root and drops to nobody)")
	}
	if _, err := os.Stat(exim4); err != nil {
		Missing(t, "%s is not installed (apt-get install exim4-daemon-light)", exim4)
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	dir := t.TempDir()
	// Exim reads its files as nobody: open the way to them.
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"spool", "log", "Maildir"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(filepath.Join(dir, d), uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	m := &MTA{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t, "127.0.0.1"))), CAFile: filepath.Join(dir, "cert.pem"),
		User: "bams", Password: "relay-s3cret-" + strconv.FormatInt(time.Now().UnixNano(), 36), dir: dir, conf: filepath.Join(dir, "exim.conf"), t: t}
	writeCert(t, m.CAFile, filepath.Join(dir, "key.pem"), uid)
	_, port, _ := net.SplitHostPort(m.Addr)
	conf := fmt.Sprintf(eximConf, dir, port, m.User, m.Password)
	if err := os.WriteFile(m.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	m.Start()
	return m
}

// Start runs the server (again, after Stop) and waits until it answers.
func (m *MTA) Start() {
	m.t.Helper()
	// -odi: the process that took the message delivers it, instead of a
	// detached one whose exit nobody would wait for where no init reaps.
	m.cmd = exec.Command(exim4, "-C", m.conf, "-bdf", "-odi", "-oX", strings.Split(m.Addr, ":")[1])
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", m.Addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("exim did not listen on %s: %s", m.Addr, m.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the server (idempotent); queued messages stay in its spool.
func (m *MTA) Stop() { stopCmd(m.cmd) }

// Messages are the delivered mails, whole: one per recipient (each
// starts with its Envelope-to header).
func (m *MTA) Messages() []string {
	var out []string
	files, _ := filepath.Glob(filepath.Join(m.dir, "Maildir", "new", "*"))
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// Log is Exim's main log.
func (m *MTA) Log() string {
	b, _ := os.ReadFile(filepath.Join(m.dir, "log", "mainlog"))
	return string(b)
}

// The configuration: listen on the loopback port only, offer STARTTLS,
// offer AUTH only over TLS, take mail only from the authenticated user,
// deliver everything to the maildir. %[1]s is the folder, %[2]s the port,
// %[3]s and %[4]s the user and password.
const eximConf = `primary_hostname = bams-test.localhost
keep_environment =
spool_directory = %[1]s/spool
log_file_path = %[1]s/log/%%slog
daemon_smtp_ports = %[2]s
local_interfaces = 127.0.0.1
exim_user = nobody
exim_group = nogroup
tls_advertise_hosts = *
tls_certificate = %[1]s/cert.pem
tls_privatekey = %[1]s/key.pem
auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  deny !authenticated = *
  accept
begin routers
all:
  driver = accept
  transport = maildir
begin transports
maildir:
  driver = appendfile
  directory = %[1]s/Maildir
  maildir_format
  create_directory
  user = nobody
  group = nogroup
  mode = 0644
  envelope_to_add
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${if and{{eq{$auth2}{%[3]s}}{eq{$auth3}{%[4]s}}}}
  server_set_id = $auth2
`

// writeCert makes a self-signed certificate for 127.0.0.1; the key is
// owned by uid (Exim reads it as nobody).
func writeCert(t testing.TB, certFile, keyFile string, uid int) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(keyFile, uid, -1); err != nil {
		t.Fatal(err)
	}
}
