package diagnostics

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/config"
	"bams/backend/internal/execx"
	"bams/backend/internal/logs"
	"bams/backend/internal/store"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// unpack reads a bundle into name → content.
func unpack(t *testing.T, b []byte) map[string]string {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		c, _ := io.ReadAll(tr)
		out[strings.TrimPrefix(h.Name, "bams-diagnostics/")] = string(c)
	}
}

// Secrets planted everywhere they can be: Bacula passwords (director,
// storage daemon, console, a resource BAMS wrote), CHAP secrets in
// scst.conf, an SMTP password and a webhook secret in the store, bamsd's
// SSH private key; and some of them again where they do not belong (a
// log line, a task's log, an audit parameter, an alert's text). None may
// be in the bundle.
func TestBundleHoldsNoSecret(t *testing.T) {
	dir := t.TempDir()
	secrets := map[string]string{
		"director":   "Dir-Pw-7f3a9c",
		"sd":         "Sd-Pw-b81e22",
		"console":    "Console-Pw-4d0c1b",
		"resource":   "Client-Pw-90aa17",
		"chap in":    "chap-in-secret-5e6f",
		"chap out":   "chap-out-secret-aa12",
		"smtp":       "smtp-relay-pw-33c1",
		"webhook":    "webhook-hmac-77d0",
		"key inline": "QyNTUxOQAAACBhbXMtdGVzdC1rZXktbGluZS1vbmUtMTIzNDU2Nzg5MA",
	}
	cfg := config.Default()
	cfg.Database = filepath.Join(dir, "bams.db")
	cfg.Bacula.DirectorConfig = filepath.Join(dir, "bacula-dir.conf")
	cfg.Bacula.StorageConfig = filepath.Join(dir, "bacula-sd.conf")
	cfg.Bacula.ConsoleConfig = filepath.Join(dir, "bconsole.conf")
	cfg.Bacula.ResourceDir = filepath.Join(dir, "bams.d")
	cfg.SSHKey = filepath.Join(dir, "ssh", "id_ed25519")
	write(t, cfg.Bacula.DirectorConfig, "Director {\n  Name = bams-dir\n  Password = \""+secrets["director"]+"\"\n}\n")
	write(t, cfg.Bacula.StorageConfig, "Storage {\n  Name = bams-sd\n}\nDirector {\n  Name = bams-dir\n  Password = \""+secrets["sd"]+"\"\n}\n")
	write(t, cfg.Bacula.ConsoleConfig, "Director {\n  Name = bams-dir\n  address = 127.0.0.1\n  Password = \""+secrets["console"]+"\"\n}\n")
	write(t, filepath.Join(cfg.Bacula.ResourceDir, "client-web1.conf"), "Client {\n  Name = web1-fd\n  Password = \""+secrets["resource"]+"\"\n}\n")
	scstConf := filepath.Join(dir, "scst.conf")
	write(t, scstConf, "TARGET_DRIVER iscsi {\n\tenabled 1\n\tTARGET iqn.2026-11.test:t1 {\n\t\tIncomingUser \"joe "+secrets["chap in"]+
		"\"\n\t\tOutgoingUser \"tgt "+secrets["chap out"]+"\"\n\t\tenabled 1\n\t}\n}\n")
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" + secrets["key inline"] + "\n-----END OPENSSH PRIVATE KEY-----\n"
	write(t, cfg.SSHKey, key)
	logFile := filepath.Join(dir, "bacula.log")
	write(t, logFile, "02-Dec 01:00 bacula-dir: Warning: Password = \""+secrets["director"]+"\"\n02-Dec 01:01 bacula-dir: the password was "+
		secrets["console"]+" then "+secrets["chap in"]+"\nkey pasted: "+secrets["key inline"]+"\n")

	st, err := store.Open(cfg.Database, store.Options{BackupRoot: cfg.BackupRoot})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.PutNotifyTarget(api.NotifyTarget{Name: "ops", Kind: api.NotifyEmail, Email: &api.EmailTarget{Relay: "smtp.example.com:587",
		From: "bams@example.com", To: []string{"ops@example.com"}, Username: "bams", Password: secrets["smtp"]}}))
	must(st.PutNotifyTarget(api.NotifyTarget{Name: "hook", Kind: api.NotifyWebhook, Webhook: &api.WebhookTarget{URL: "https://hooks.example.com/x", Secret: secrets["webhook"]}}))
	task := api.Task{Kind: "backup", Target: "web1", State: api.TaskFailed, Error: "ssh: auth with " + secrets["smtp"] + " failed"}
	must(st.CreateTask(&task))
	must(st.AppendAudit(&api.AuditRecord{Time: time.Now(), User: "root", Method: "POST", Path: "/api/v1/notifications/targets",
		Params: map[string]any{"note": "webhook " + secrets["webhook"]}}))
	must(st.SaveAlerts([]*api.Alert{{Source: "bacula", Class: "director-unreachable", Subject: "bacula/director", Level: api.AlertCritical,
		Text: "bconsole said: Password = \"" + secrets["console"] + "\" refused", State: api.AlertActive}}))

	logReader := logs.New(logs.Options{Sources: map[string]logs.Source{api.LogBaculaDir: {Unit: "bacula-director.service", File: logFile}}})
	s := New(Options{Runner: &execx.Runner{Path: filepath.Join(dir, "no-tools"), Timeout: time.Second}, Store: st, Logs: logReader,
		Config: cfg, Version: "test", SCSTConfig: scstConf})
	var buf bytes.Buffer
	if err := s.Write(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	files := unpack(t, buf.Bytes())
	for _, want := range []string{"version.txt", "config.yaml", "tasks.json", "audit.json", "alerts.json", "notify_targets.json",
		"config/bacula-dir.conf", "config/scst.conf", "config/bconsole.conf", "commands/zpool-status.txt", "commands/scstadmin-list_target.txt",
		"logs/bacula-dir.txt", "errors.txt"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the bundle has no %s (it has %v)", want, keys(files))
		}
	}
	for name, content := range files {
		for what, secret := range secrets {
			if strings.Contains(content, secret) || strings.Contains(name, secret) {
				t.Errorf("%s holds the %s secret:\n%s", name, what, content)
			}
		}
		if strings.Contains(content, "PRIVATE KEY") && !strings.Contains(content, "[redacted]") {
			t.Errorf("%s holds a private key", name)
		}
	}
	// what is not secret is still there to help
	if !strings.Contains(files["config/scst.conf"], "iqn.2026-11.test:t1") || !strings.Contains(files["config/bacula-dir.conf"], "bams-dir") ||
		!strings.Contains(files["commands/zpool-status.txt"], "zpool is not installed") || !strings.Contains(files["tasks.json"], "web1") {
		t.Errorf("the bundle lost what it is for:\n%s\n%s", files["config/scst.conf"], files["commands/zpool-status.txt"])
	}
	// and it is a .tar.gz tar itself reads
	if _, err := exec.LookPath("tar"); err == nil {
		f := filepath.Join(dir, "bundle.tar.gz")
		must(os.WriteFile(f, buf.Bytes(), 0o600))
		if out, err := exec.Command("tar", "-tzf", f).CombinedOutput(); err != nil || !strings.Contains(string(out), "bams-diagnostics/config.yaml") {
			t.Errorf("tar -tzf: %v %s", err, out)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
