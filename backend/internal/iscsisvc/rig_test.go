package iscsisvc

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/scst"
	"bams/backend/internal/store"
	"bams/backend/internal/testutil/fakescst"
)

// rig is the service over a real store and the stateful fake scstadmin.
type rig struct {
	svc   *Service
	fake  *fakescst.Fake
	admin *failingAdmin
	log   *lockedBuffer
	dir   string
	repo  string // the mountpoint of repository "repo1"
}

// failingAdmin is scstadmin with a failure injected at one step: the
// Nth call of a kind fails (0: none).
type failingAdmin struct {
	scst.Admin
	failCheck, failWrite, failApply int
	checks, writes, applies         int
}

var errInjected = errors.New("injected failure")

func (a *failingAdmin) CheckConfig(ctx context.Context, file string) (scst.CheckResult, error) {
	if a.checks++; a.checks == a.failCheck {
		return scst.CheckResult{}, errInjected
	}
	return a.Admin.CheckConfig(ctx, file)
}

// A failed -write_config echoes a secret, as SCST's messages may: it
// must be scrubbed before it reaches an answer or a log.
func (a *failingAdmin) WriteConfig(ctx context.Context, file string) error {
	if a.writes++; a.writes == a.failWrite {
		return &scst.Error{Kind: scst.Fatal, Args: []string{"-write_config", file},
			Messages: []string{"Failed to read attribute IncomingUser: host1 " + secretIn}, Output: "FATAL: host1 " + secretIn}
	}
	return a.Admin.WriteConfig(ctx, file)
}

func (a *failingAdmin) ApplyConfig(ctx context.Context, file string, force bool) (scst.ApplyResult, error) {
	if a.applies++; a.applies == a.failApply {
		return scst.ApplyResult{}, errInjected
	}
	return a.Admin.ApplyConfig(ctx, file, force)
}

// lockedBuffer is the log, written by the service's goroutines and read
// by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (g *rig) logText() string {
	g.log.mu.Lock()
	defer g.log.mu.Unlock()
	return g.log.b.String()
}

type fakeRepos map[string]string

func (f fakeRepos) Mountpoint(_ context.Context, id string) (string, error) {
	if m, ok := f[id]; ok {
		return m, nil
	}
	return "", errors.New("no such repository")
}

func newRig(t *testing.T, st fakescst.State) *rig {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := fakescst.New(t, st)
	log := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := &execx.Runner{Path: f.Path, Timeout: 20 * time.Second, Log: logger}
	repo := filepath.Join(dir, "repo1")
	if err := os.MkdirAll(filepath.Join(repo, "luns"), 0o700); err != nil {
		t.Fatal(err)
	}
	admin := &failingAdmin{Admin: scst.Tool{Runner: r}}
	svc := New(Options{Store: db, Admin: admin, ConfigFile: filepath.Join(dir, "etc", "scst.conf"), WorkDir: filepath.Join(dir, "work"),
		SysfsRoot: filepath.Join(dir, "sys"), Repositories: fakeRepos{"repo1": repo}, Log: logger})
	// SCST is loaded (the fake runs): its sysfs tree is there, with no
	// sessions yet.
	for _, d := range []string{filepath.Join(dir, "etc"), filepath.Join(dir, "sys", "targets", "iscsi")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return &rig{svc: svc, fake: f, admin: admin, log: log, dir: dir, repo: repo}
}

const (
	iqn1 = "iqn.2026-01.org.example:backup"
	iqn2 = "iqn.2026-01.org.example:archive"
	ini1 = "iqn.2026-01.org.example:host1"
	// Secrets used by the tests: none may show anywhere but the store
	// and scst.conf.
	secretIn  = "incoming-secret-0001"
	secretOut = "outgoing-secret-0002"
)

func zvol(lun uint32, name string) api.ISCSILUN {
	return api.ISCSILUN{LUN: lun, Object: &api.StorageObject{Kind: api.ObjectZFSVolume, Name: name}}
}

func exampleTarget() api.ISCSITarget {
	return api.ISCSITarget{Name: iqn1, Alias: "backup", Enabled: true,
		Portals:    []api.ISCSIPortal{{Address: "192.0.2.10"}},
		Initiators: []string{ini1},
		CHAP: api.ISCSICHAP{Incoming: []api.ISCSICHAPUser{{User: "host1", Secret: secretIn}},
			Outgoing: &api.ISCSICHAPUser{User: "target1", Secret: secretOut}}}
}

// create stores t and adds its LUNs.
func (g *rig) create(t *testing.T, tg api.ISCSITarget, luns ...api.ISCSILUN) {
	t.Helper()
	ctx := context.Background()
	if _, err := g.svc.CreateTarget(ctx, tg); err != nil {
		t.Fatal(err)
	}
	for _, l := range luns {
		if _, err := g.svc.AddLUN(ctx, tg.Name, l); err != nil {
			t.Fatal(err)
		}
	}
}

// apply plans and applies what the plan showed.
func (g *rig) apply(t *testing.T, target string, drop bool) (api.ISCSIApplyResult, api.ISCSIPlan, error) {
	t.Helper()
	p, err := g.svc.Plan(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	return g.svc.Apply(context.Background(), target, api.ISCSIApply{PlanToken: p.Token, DropSessions: drop})
}

func (g *rig) running(t *testing.T) scst.Config {
	t.Helper()
	c, _ := scst.Parse(g.fake.Load().Running)
	return c
}

// calls are the scstadmin verbs run, -config with its flags.
func (g *rig) calls() []string {
	var out []string
	for _, c := range g.fake.Calls() {
		v := c[0]
		if v == "-config" {
			v += " " + strings.Join(c[2:], " ")
		}
		out = append(out, v)
	}
	return out
}

// checkNoSecrets: no secret in scstadmin's argv, the log, the work
// folder, or any text given.
func (g *rig) checkNoSecrets(t *testing.T, texts ...string) {
	t.Helper()
	for _, c := range g.fake.Calls() {
		texts = append(texts, strings.Join(c, " "))
	}
	texts = append(texts, g.logText())
	for _, s := range []string{secretIn, secretOut} {
		for _, x := range texts {
			if strings.Contains(x, s) {
				t.Errorf("secret %q leaked: %.300s", s, x)
			}
		}
	}
	if left, _ := os.ReadDir(filepath.Join(g.dir, "work")); len(left) != 0 {
		t.Errorf("files left in the work folder: %v", left)
	}
}

// writeSession makes SCST's sysfs tree hold a session of initiator on
// target that sees the target's default LUNs (group "") or a group's.
func (g *rig) writeSession(t *testing.T, target, group, initiator string, luns ...string) {
	t.Helper()
	base := filepath.Join(g.dir, "sys", "targets", "iscsi", target)
	lunsDir, link := filepath.Join(base, "luns"), "../../luns"
	if group != "" {
		lunsDir, link = filepath.Join(base, "ini_groups", group, "luns"), "../../ini_groups/"+group+"/luns"
	}
	sess := filepath.Join(base, "sessions", initiator)
	for _, d := range []string{lunsDir, filepath.Join(sess, "192.0.2.50")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range luns {
		if err := os.MkdirAll(filepath.Join(lunsDir, l), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(sess, "192.0.2.50", "ip"), []byte("192.0.2.50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(link, filepath.Join(sess, "luns")); err != nil {
		t.Fatal(err)
	}
}
