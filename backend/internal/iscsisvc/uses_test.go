package iscsisvc

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/scst"
	"bams/backend/internal/testutil/fakescst"
)

func TestStorageUses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		luns []api.ISCSILUN
		want []api.StorageUse
	}{
		{"no LUNs", nil, []api.StorageUse{}},
		{"a volume, an LV and a file", []api.ISCSILUN{
			zvol(0, "tank/lun0"),
			{LUN: 1, Object: &api.StorageObject{Kind: api.ObjectLVMLV, Name: "vg0/lun1"}},
			{LUN: 2, Repository: "repo1", File: "luns/disk2.img"},
		}, []api.StorageUse{
			{Object: &api.StorageObject{Kind: api.ObjectZFSVolume, Name: "tank/lun0"},
				User: api.StorageUser{Kind: api.UserISCSILUN, ID: iqn1 + "/0", Name: "LUN 0 of iSCSI target " + iqn1}},
			{Object: &api.StorageObject{Kind: api.ObjectLVMLV, Name: "vg0/lun1"},
				User: api.StorageUser{Kind: api.UserISCSILUN, ID: iqn1 + "/1", Name: "LUN 1 of iSCSI target " + iqn1}},
			{Repository: "repo1",
				User: api.StorageUser{Kind: api.UserISCSILUN, ID: iqn1 + "/2", Name: "LUN 2 of iSCSI target " + iqn1}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := newRig(t, fakescst.State{})
			if err := os.WriteFile(filepath.Join(g.repo, "luns", "disk2.img"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			g.create(t, exampleTarget(), c.luns...)
			got, err := g.svc.StorageUses(context.Background())
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("%v\n got %+v\nwant %+v", err, got, c.want)
			}
		})
	}
}

// Drift: each difference between what runs and what is desired is named
// in a condition of the target it is about.
func TestDriftConditions(t *testing.T) {
	t.Parallel()
	svc := New(Options{})
	targets := []api.ISCSITarget{
		normalize(api.ISCSITarget{Name: iqn1, Enabled: true, LUNs: []api.ISCSILUN{zvol(0, "tank/lun0"), zvol(7, "tank/lun7")}}, api.ISCSITarget{}),
		normalize(api.ISCSITarget{Name: iqn2, Enabled: true, LUNs: []api.ISCSILUN{zvol(0, "tank/arch0")}}, api.ISCSITarget{}),
	}
	desired, err := svc.desired(context.Background(), targets)
	if err != nil {
		t.Fatal(err)
	}
	target := func(c *scst.Config, name string) *scst.Target {
		for i := range c.Drivers[0].Targets {
			if c.Drivers[0].Targets[i].Name == name {
				return &c.Drivers[0].Targets[i]
			}
		}
		t.Fatalf("no %s", name)
		return nil
	}
	type want struct{ subject, text string }
	for _, c := range []struct {
		name    string
		running func(c *scst.Config)
		want    []want
	}{
		{"none", func(*scst.Config) {}, nil},
		{"a LUN SCST dropped", func(c *scst.Config) { target(c, iqn1).LUNs = target(c, iqn1).LUNs[:1] }, []want{
			{"iscsi-target/" + iqn1, "iSCSI target " + iqn1 + " differs from the desired state (an apply would add lun 7 in iscsi/" + iqn1}}},
		{"a target disabled", func(c *scst.Config) { target(c, iqn2).Enabled = false }, []want{
			{"iscsi-target/" + iqn2, `change enabled enabled in iscsi/` + iqn2 + `: "0" -> "1"`}}},
		{"a device re-pointed", func(c *scst.Config) { c.Handlers[0].Devices[0].Filename = "/dev/zvol/tank/other" }, []want{
			{"iscsi-target/" + iqn2, `/dev/zvol/tank/other" -> "/dev/zvol/tank/arch0"`}}},
		{"a target BAMS does not know", func(c *scst.Config) {
			c.Drivers[0].Targets = append(c.Drivers[0].Targets, scst.Target{Name: "iqn.2026-01.org.example:foreign", Enabled: true})
		}, []want{{"iscsi-target/iqn.2026-01.org.example:foreign", "remove target iqn.2026-01.org.example:foreign"}}},
		{"a device nobody uses", func(c *scst.Config) {
			c.Handlers[0].Devices = append(c.Handlers[0].Devices, scst.Device{Name: "stray", Filename: "/dev/sdz"})
		}, []want{{"scst/running", "SCST's running configuration differs from the desired state (an apply would remove device stray"}}},
		{"many changes", func(c *scst.Config) {
			tg := target(c, iqn1)
			tg.Alias = "was"
			tg.LUNs = nil
			tg.Portals = []scst.Portal{{Address: netip.MustParseAddr("192.0.2.99"), Port: 3260}}
		}, []want{{"iscsi-target/" + iqn1, "and 1 more)"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			running := desired.Clone()
			c.running(&running)
			got := driftConditions(scst.Diff(running, desired), desired)
			if len(got) != len(c.want) {
				t.Fatalf("%+v, want %d conditions", got, len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.Class != ClassDrift || g.Level != api.AlertWarning || g.Subject != w.subject || !strings.Contains(g.Text, w.text) {
					t.Errorf("got %+v\nwant subject %s and text with %q", g, w.subject, w.text)
				}
			}
		})
	}
}

// End to end: SCST drops a LUN whose device went away, after an apply;
// AlertConditions names it.
func TestAlertConditionsFindDrift(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	ctx := context.Background()
	if conds, err := g.svc.AlertConditions(ctx); err != nil || len(conds) != 0 {
		t.Fatalf("nothing desired: %v %v", conds, err)
	}
	g.create(t, exampleTarget(), zvol(0, "tank/lun0"), zvol(1, "tank/lun1"))
	if _, _, err := g.apply(t, "", false); err != nil {
		t.Fatal(err)
	}
	if conds, err := g.svc.AlertConditions(ctx); err != nil || len(conds) != 0 {
		t.Fatalf("right after the apply: %v %v", conds, err)
	}
	running := g.running(t)
	for i := range running.Drivers {
		for j := range running.Drivers[i].Targets {
			if tg := &running.Drivers[i].Targets[j]; tg.Name == iqn1 {
				tg.Groups[0].LUNs = tg.Groups[0].LUNs[:1]
			}
		}
	}
	st := g.fake.Load()
	st.Running = string(scst.Render(running))
	g.fake.Save(st)
	conds, err := g.svc.AlertConditions(ctx)
	if err != nil || len(conds) != 1 || conds[0].Subject != "iscsi-target/"+iqn1 || !strings.Contains(conds[0].Text, "add lun 1") {
		t.Errorf("%+v %v", conds, err)
	}
	g.checkNoSecrets(t)
}

func TestSessions(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	g.writeSession(t, iqn1, group, ini1, "0", "3")
	g.writeSession(t, iqn2, "", "iqn.2026-01.org.example:host2", "0")
	got, err := g.svc.Sessions()
	if err != nil {
		t.Fatal(err)
	}
	want := []api.ISCSISession{
		{Target: iqn2, Initiator: "iqn.2026-01.org.example:host2", LUNs: []uint32{0}, Connections: []string{"192.0.2.50"}},
		{Target: iqn1, Initiator: ini1, Group: group, LUNs: []uint32{0, 3}, Connections: []string{"192.0.2.50"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	g.svc.o.SysfsRoot = g.dir + "/nope"
	var ae *api.Error
	if _, err := g.svc.Sessions(); !errors.As(err, &ae) || ae.Kind != api.KindToolMissing {
		t.Errorf("SCST not loaded: %v", err)
	}
}

// The periodic check logs drift when it appears, naming it.
func TestMaintainLogsDrift(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	g.create(t, exampleTarget(), zvol(0, "tank/lun0"))
	g.svc.o.DriftInterval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { g.svc.Maintain(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(g.logText(), `msg="iscsi drift" subject=iscsi-target/`+iqn1) {
		if time.Now().After(deadline) {
			t.Fatalf("no drift logged:\n%s", g.logText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
