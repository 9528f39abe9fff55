// Package diagnostics writes the support bundle: a .tar.gz of what a
// sysadmin (or whoever helps them) needs to see what is wrong: bamsd's
// version and configuration, the tools found, the state of pools, disks,
// the tape library and the iSCSI target as their tools print it, the
// Bacula and SCST configuration, recent logs, tasks, alerts and the audit
// trail. Every entry passes one redactor (redact.go), every entry is
// bounded, and the bundle is written as it is made (nothing is held whole).
package diagnostics

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"bams/backend/api"
	"bams/backend/internal/config"
	"bams/backend/internal/execx"
	"bams/backend/internal/logs"
	"bams/backend/internal/lsscsi"
	"bams/backend/internal/scst"
	"bams/backend/internal/store"
)

// Bounds of one entry and of the lists taken from the store.
const (
	maxEntry    = 4 << 20
	listRecords = 500
	logEntries  = 500
)

// Options say what goes into a bundle.
type Options struct {
	Runner  *execx.Runner
	Store   *store.Store
	Logs    *logs.Service
	Config  config.Config
	Version string
	// SCSTConfig is the iSCSI target's configuration file.
	SCSTConfig string
	Now        func() time.Time
}

// Service writes bundles. It keeps no state.
type Service struct{ o Options }

// New returns the service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SCSTConfig == "" {
		o.SCSTConfig = "/etc/scst.conf"
	}
	return &Service{o: o}
}

// Name is the bundle's file name.
func (s *Service) Name() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("bams-diagnostics-%s-%s.tar.gz", strings.Map(func(r rune) rune {
		if r == '/' || r == '"' || r < 0x20 {
			return '_'
		}
		return r
	}, host), s.o.Now().UTC().Format("20060102T150405Z"))
}

// bundle is one bundle being written.
type bundle struct {
	tw     *tar.Writer
	red    *redactor
	now    time.Time
	errors []string
}

func (b *bundle) add(name string, content []byte) error {
	if len(content) > maxEntry {
		content = append(content[:maxEntry], fmt.Sprintf("\n[cut: %d bytes in all]\n", len(content))...)
	}
	content = []byte(b.red.text(string(content)))
	if err := b.tw.WriteHeader(&tar.Header{Name: "bams-diagnostics/" + name, Mode: 0o600, Size: int64(len(content)), ModTime: b.now, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := b.tw.Write(content)
	return err
}

func (b *bundle) addJSON(name string, v any, err error) error {
	if err != nil {
		b.errors = append(b.errors, name+": "+err.Error())
		return nil
	}
	j, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return b.add(name, j)
}

// Write writes a whole bundle to w. What cannot be had (a tool not
// installed, a file missing) is listed in errors.txt; only a failing w
// stops it.
func (s *Service) Write(ctx context.Context, w io.Writer) error {
	gz := gzip.NewWriter(w)
	b := &bundle{tw: tar.NewWriter(gz), red: &redactor{}, now: s.o.Now().UTC()}
	files := s.learnSecrets(b.red)
	steps := []func() error{
		func() error {
			return b.add("version.txt", fmt.Appendf(nil, "bamsd %s\n%s %s/%s\ncreated %s\n", s.o.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, b.now.Format(time.RFC3339)))
		},
		func() error {
			y, err := yaml.Marshal(s.o.Config)
			if err != nil {
				return err
			}
			return b.add("config.yaml", y)
		},
		func() error {
			var tools []api.ToolStatus
			err := s.o.Store.GetSetting("tools", &tools)
			if err == store.ErrNotFound {
				return b.add("selfcheck.txt", []byte("no self-check has run yet\n"))
			}
			return b.addJSON("selfcheck.json", tools, err)
		},
		func() error { hosts, err := s.o.Store.ListHosts(); return b.addJSON("hosts.json", hosts, err) },
		func() error { sc, err := s.o.Store.ListSchedules(); return b.addJSON("schedules.json", sc, err) },
		func() error {
			t, _, err := s.o.Store.ListTasks(store.TaskFilter{}, "", listRecords)
			return b.addJSON("tasks.json", t, err)
		},
		func() error {
			a, _, err := s.o.Store.ListAudit(store.AuditFilter{}, "", listRecords)
			return b.addJSON("audit.json", a, err)
		},
		func() error {
			a, _, err := s.o.Store.ListAlerts(store.AlertFilter{}, "", listRecords)
			return b.addJSON("alerts.json", a, err)
		},
		func() error {
			t, err := s.o.Store.ListNotifyTargets()
			for i := range t { // without their secrets, by field too
				if t[i].Email != nil {
					e := *t[i].Email
					e.PasswordSet, e.Password = e.Password != "", ""
					t[i].Email = &e
				}
				if t[i].Webhook != nil {
					wh := *t[i].Webhook
					wh.SecretSet, wh.Secret = wh.Secret != "", ""
					t[i].Webhook = &wh
				}
			}
			return b.addJSON("notify_targets.json", t, err)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for _, c := range s.commands(ctx) {
		if err := b.add("commands/"+c.name+".txt", c.out); err != nil {
			return err
		}
	}
	for name, content := range files {
		if err := b.add("config/"+name, content); err != nil {
			return err
		}
	}
	if s.o.Logs != nil {
		for _, svc := range []string{api.LogBamsd, api.LogBaculaDir, api.LogBaculaSD, api.LogBaculaFD, api.LogISCSI} {
			l, err := s.o.Logs.Read(ctx, svc, logs.Query{Limit: logEntries})
			if err != nil {
				b.errors = append(b.errors, "logs/"+svc+": "+err.Error())
				continue
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "# %s\n", l.Source)
			for _, e := range l.Entries {
				fmt.Fprintf(&buf, "%s %s %s %s\n", e.Time.Format(time.RFC3339), e.Level, e.Ident, e.Message)
			}
			if err := b.add("logs/"+svc+".txt", buf.Bytes()); err != nil {
				return err
			}
		}
	}
	if len(b.errors) > 0 {
		if err := b.add("errors.txt", []byte(strings.Join(b.errors, "\n")+"\n")); err != nil {
			return err
		}
	}
	if err := b.tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// learnSecrets reads the files that hold secrets, teaches the redactor
// their values, and returns the configuration files to include.
func (s *Service) learnSecrets(r *redactor) map[string][]byte {
	files := map[string][]byte{}
	cfg := s.o.Config
	for name, path := range map[string]string{
		"bacula-dir.conf": cfg.Bacula.DirectorConfig, "bacula-sd.conf": cfg.Bacula.StorageConfig,
		"bconsole.conf": cfg.Bacula.ConsoleConfig, "scst.conf": s.o.SCSTConfig,
	} {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		r.learnBaculaPasswords(string(b))
		if name == "scst.conf" {
			c, _ := scst.Parse(string(b))
			r.learn(c.Secrets()...)
		}
		files[name] = b
	}
	if entries, err := os.ReadDir(cfg.Bacula.ResourceDir); err == nil {
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(cfg.Bacula.ResourceDir, e.Name())); err == nil && e.Type().IsRegular() {
				r.learnBaculaPasswords(string(b))
			}
		}
	}
	if key, err := os.ReadFile(cfg.SSHKey); err == nil {
		r.learnKey(string(key))
	}
	if targets, err := s.o.Store.ListNotifyTargets(); err == nil {
		for _, t := range targets {
			if t.Email != nil {
				r.learn(t.Email.Password)
			}
			if t.Webhook != nil {
				r.learn(t.Webhook.Secret)
			}
		}
	}
	return files
}

type output struct {
	name string
	out  []byte
}

// commands runs the tools whose state a bundle shows, each bounded by
// the runner's timeout. A tool that is missing or fails says so.
func (s *Service) commands(ctx context.Context) []output {
	run := func(name string, tool string, args ...string) output {
		res, err := s.o.Runner.Run(ctx, execx.Cmd{Name: tool, Args: args})
		out := append(res.Stdout, res.Stderr...)
		if err != nil {
			out = append(out, "\n["+err.Error()+"]\n"...)
		}
		return output{name, out}
	}
	outs := []output{
		run("zpool-status", "zpool", "status"),
		run("zpool-list", "zpool", "list"),
		run("zfs-list", "zfs", "list", "-o", "name,used,avail,refer,mountpoint"),
		run("lsblk", "lsblk", "--bytes", "-o", "NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT,MODEL,SERIAL"),
		run("lvs", "lvs"),
		run("btrfs-filesystem-show", "btrfs", "filesystem", "show"),
		run("lsscsi", "lsscsi", "-g"),
		run("scstadmin-list_target", "scstadmin", "-list_target"),
		run("scstadmin-list_group", "scstadmin", "-list_group"),
		run("scstadmin-list_device", "scstadmin", "-list_device"),
		run("scstadmin-list_sessions", "scstadmin", "-list_sessions"),
	}
	if l, err := lsscsi.List(ctx, s.o.Runner); err == nil {
		for i, c := range l.Changers {
			if c.Generic != "" {
				outs = append(outs, run(fmt.Sprintf("mtx-status-%d", i), "mtx", "-f", c.Generic, "status"))
			}
		}
	}
	return outs
}
