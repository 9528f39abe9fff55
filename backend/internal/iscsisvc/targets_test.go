package iscsisvc

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testutil/fakescst"
)

// Bad input is a 400 naming the field, and nothing is stored.
func TestBadTargetsAreRefusedNamingTheField(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	for _, c := range []struct {
		field  string
		change func(*api.ISCSITarget)
	}{
		{"name", func(x *api.ISCSITarget) { x.Name = "iqn.2026-01.Org.Example:x" }},
		{"name", func(x *api.ISCSITarget) { x.Name = "-config" }},
		{"name", func(x *api.ISCSITarget) { x.Name = "eui.12345" }},
		{"alias", func(x *api.ISCSITarget) { x.Alias = "a\"b" }},
		{"portals[0].address", func(x *api.ISCSITarget) { x.Portals = []api.ISCSIPortal{{Address: "example.org"}} }},
		{"portals[0].port", func(x *api.ISCSITarget) { x.Portals = []api.ISCSIPortal{{Address: "192.0.2.1", Port: 3261}} }},
		{"portals[1].address", func(x *api.ISCSITarget) {
			x.Portals = []api.ISCSIPortal{{Address: "192.0.2.1"}, {Address: "192.0.2.1", Port: 3260}}
		}},
		{"initiators[0]", func(x *api.ISCSITarget) { x.Initiators = []string{"host1"} }},
		{"chap.incoming[0].secret", func(x *api.ISCSITarget) { x.CHAP.Incoming[0].Secret = "short" }},
		{"chap.incoming[0].secret", func(x *api.ISCSITarget) { x.CHAP.Incoming[0].Secret = "" }},
		{"chap.incoming[0].user", func(x *api.ISCSITarget) { x.CHAP.Incoming[0].User = "-x" }},
		{"chap.outgoing.secret", func(x *api.ISCSITarget) { x.CHAP.Outgoing.Secret = secretIn }},
		{"chap.outgoing", func(x *api.ISCSITarget) { x.CHAP.Incoming = nil }},
		{"luns[0].object.kind", func(x *api.ISCSITarget) {
			x.LUNs = []api.ISCSILUN{{Object: &api.StorageObject{Kind: api.ObjectDisk, Name: "/dev/sda"}}}
		}},
		{"luns[0].object.name", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{zvol(0, "../etc")} }},
		{"luns[0].file", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{{Repository: "repo1", File: "../x"}} }},
		{"luns[0].file", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{{Repository: "repo1", File: "missing.img"}} }},
		{"luns[0].object", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{{}} }},
		{"luns[1].lun", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{zvol(0, "tank/a"), zvol(0, "tank/b")} }},
		{"luns[0].lun", func(x *api.ISCSITarget) { x.LUNs = []api.ISCSILUN{zvol(16384, "tank/a")} }},
	} {
		tg := exampleTarget()
		tg.CHAP.Incoming = append([]api.ISCSICHAPUser(nil), tg.CHAP.Incoming...)
		o := *tg.CHAP.Outgoing
		tg.CHAP.Outgoing = &o
		c.change(&tg)
		_, err := g.svc.CreateTarget(context.Background(), tg)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || ae.Field != c.field {
			t.Errorf("%s: %v", c.field, err)
			continue
		}
		if strings.Contains(ae.Message, secretIn) || strings.Contains(ae.Message, secretOut) {
			t.Errorf("%s: the error holds a secret: %s", c.field, ae.Message)
		}
	}
	if ts, _ := g.svc.Targets(); len(ts) != 0 {
		t.Errorf("refused targets were stored: %+v", ts)
	}
}

// Secrets go in and never come out: not in any answer, nor in their JSON;
// a PUT that names a user without a secret keeps it, and scst.conf (only
// there) has it.
func TestSecretsAreWriteOnly(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	ctx := context.Background()
	created, err := g.svc.CreateTarget(ctx, exampleTarget())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := g.svc.Target(iqn1)
	list, _ := g.svc.Targets()
	for _, v := range []any{created, got, list} {
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), secretIn) || strings.Contains(string(b), secretOut) {
			t.Errorf("an answer holds a secret: %s", b)
		}
	}
	if !got.CHAP.Incoming[0].SecretSet || !got.CHAP.Outgoing.SecretSet || got.CHAP.Incoming[0].Secret != "" {
		t.Errorf("%+v", got.CHAP)
	}
	// Change the alias with the answer as it came back: the secrets stay.
	got.Alias = "renamed"
	updated, err := g.svc.UpdateTarget(ctx, iqn1, got)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Alias != "renamed" || !updated.CHAP.Incoming[0].SecretSet {
		t.Errorf("%+v", updated)
	}
	// A new user without a secret is refused.
	got.CHAP.Incoming = append(got.CHAP.Incoming, api.ISCSICHAPUser{User: "host2"})
	var ae *api.Error
	if _, err := g.svc.UpdateTarget(ctx, iqn1, got); !errors.As(err, &ae) || ae.Field != "chap.incoming[1].secret" {
		t.Errorf("%v", err)
	}
	res, _, err := g.apply(t, "", false)
	if err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(filepath.Join(g.dir, "etc", "scst.conf"))
	if err != nil || !strings.Contains(string(conf), secretIn) || !strings.Contains(string(conf), secretOut) {
		t.Errorf("scst.conf lacks the secrets: %v\n%s", err, conf)
	}
	if fi, err := os.Stat(filepath.Join(g.dir, "etc", "scst.conf")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("scst.conf: %v %v", fi.Mode(), err)
	}
	b, _ := json.Marshal(res)
	g.checkNoSecrets(t, string(b))
}

func TestTargetsAndLUNs(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(g.repo, "luns", "disk0.img"), make([]byte, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	g.create(t, exampleTarget(), zvol(1, "tank/lun1"), api.ISCSILUN{LUN: 0, Repository: "repo1", File: "luns/disk0.img"})
	var ae *api.Error
	if _, err := g.svc.CreateTarget(ctx, exampleTarget()); !errors.As(err, &ae) || ae.Kind != api.KindConflict {
		t.Errorf("a second create: %v", err)
	}
	if _, err := g.svc.AddLUN(ctx, iqn1, zvol(1, "tank/other")); !errors.As(err, &ae) || ae.Kind != api.KindConflict || ae.Field != "lun" {
		t.Errorf("a taken LUN: %v", err)
	}
	// A symlink leading out of the repository is refused.
	if err := os.Symlink("/etc/passwd", filepath.Join(g.repo, "luns", "out.img")); err != nil {
		t.Fatal(err)
	}
	if _, err := g.svc.AddLUN(ctx, iqn1, api.ISCSILUN{LUN: 2, Repository: "repo1", File: "luns/out.img"}); !errors.As(err, &ae) || ae.Field != "luns[2].file" {
		t.Errorf("a file out of the repository: %v", err)
	}
	got, _ := g.svc.Target(iqn1)
	if len(got.LUNs) != 2 || got.LUNs[0].LUN != 0 || got.LUNs[0].Device != deviceName(iqn1, 0) {
		t.Errorf("%+v", got.LUNs)
	}
	// Removals need the name (the number, for a LUN) typed.
	if err := g.svc.RemoveLUN(iqn1, 1, "0"); !errors.As(err, &ae) || ae.Field != "confirm" {
		t.Errorf("%v", err)
	}
	if err := g.svc.RemoveLUN(iqn1, 1, "1"); err != nil {
		t.Fatal(err)
	}
	if err := g.svc.DeleteTarget(iqn1, "backup"); !errors.As(err, &ae) || ae.Field != "confirm" {
		t.Errorf("%v", err)
	}
	if err := g.svc.DeleteTarget(iqn1, iqn1); err != nil {
		t.Fatal(err)
	}
	if _, err := g.svc.Target(iqn1); !errors.As(err, &ae) || ae.Kind != api.KindNotFound {
		t.Errorf("%v", err)
	}
}
