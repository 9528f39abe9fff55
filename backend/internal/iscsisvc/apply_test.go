package iscsisvc

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/scst"
	"bams/backend/internal/testutil/fakescst"
)

func (g *rig) configFile() string { return filepath.Join(g.dir, "etc", "scst.conf") }

// From nothing: the plan adds, the apply runs without -force, SCST then
// runs the desired state, and scst.conf is its rendering, 0600.
func TestApplyFromNothing(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	if err := os.WriteFile(filepath.Join(g.repo, "luns", "disk0.img"), make([]byte, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	g.create(t, exampleTarget(), api.ISCSILUN{LUN: 0, Repository: "repo1", File: "luns/disk0.img"}, zvol(1, "tank/lun1"))
	res, plan, err := g.apply(t, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Force || len(plan.Changes) == 0 || res.ConfigFile != g.configFile() {
		t.Errorf("%+v", plan)
	}
	want := []string{"-write_config", "-write_config", "-check_config", "-write_config", "-config -noprompt", "-write_config"}
	if got := g.calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	targets, _ := g.svc.o.Store.ListISCSITargets()
	desired, err := g.svc.desired(context.Background(), targets)
	if err != nil {
		t.Fatal(err)
	}
	if p := scst.Diff(g.running(t), desired); !p.Empty() {
		t.Errorf("SCST runs something else: %v", p.Changes)
	}
	conf, err := os.ReadFile(g.configFile())
	if err != nil || !bytes.Equal(conf, scst.Render(desired)) {
		t.Errorf("scst.conf: %v\n%s", err, conf)
	}
	for _, w := range []string{"/dev/zvol/tank/lun1", filepath.Join(g.repo, "luns", "disk0.img"), "INITIATOR " + ini1, "allowed_portal 192.0.2.10"} {
		if !strings.Contains(string(conf), w) {
			t.Errorf("scst.conf lacks %q:\n%s", w, conf)
		}
	}
	if p, _ := g.svc.Plan(context.Background(), ""); len(p.Changes) != 0 {
		t.Errorf("no drift expected after apply: %+v", p.Changes)
	}
	g.checkNoSecrets(t)
}

// applied is a rig whose SCST runs two targets (the second with two
// LUNs), and whose scst.conf says so.
func applied(t *testing.T) *rig {
	t.Helper()
	g := newRig(t, fakescst.State{})
	g.create(t, exampleTarget(), zvol(0, "tank/lun0"))
	g.create(t, api.ISCSITarget{Name: iqn2, Enabled: true}, zvol(0, "tank/arch0"), api.ISCSILUN{LUN: 1,
		Object: &api.StorageObject{Kind: api.ObjectLVMLV, Name: "vg0/arch1"}})
	if _, _, err := g.apply(t, "", false); err != nil {
		t.Fatal(err)
	}
	return g
}

// Removing something needs -force; the plan says so.
func TestApplyForcesOnlyToRemove(t *testing.T) {
	t.Parallel()
	g := applied(t)
	if err := g.svc.RemoveLUN(iqn2, 1, "1"); err != nil {
		t.Fatal(err)
	}
	_, plan, err := g.apply(t, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Force {
		t.Errorf("%+v", plan)
	}
	calls := g.calls()
	if last := calls[len(calls)-2]; last != "-config -noprompt -force" {
		t.Errorf("calls %q", calls)
	}
	if strings.Contains(g.fake.Load().Running, "/dev/vg0/arch1") {
		t.Error("the removed LUN's device still runs")
	}
}

// A plan that changed since it was shown is refused, before anything
// changes.
func TestApplyRefusesAPlanThatChanged(t *testing.T) {
	t.Parallel()
	g := applied(t)
	before, _ := os.ReadFile(g.configFile())
	if _, err := g.svc.AddLUN(context.Background(), iqn1, zvol(5, "tank/lun5")); err != nil {
		t.Fatal(err)
	}
	shown, err := g.svc.Plan(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.svc.AddLUN(context.Background(), iqn1, zvol(6, "tank/lun6")); err != nil {
		t.Fatal(err)
	}
	applies := g.fake.Load().Applies
	_, _, err = g.svc.Apply(context.Background(), "", api.ISCSIApply{PlanToken: shown.Token})
	var k interface{ APIKind() api.ErrorKind }
	if !errors.As(err, &k) || k.APIKind() != api.KindConflict || !strings.Contains(err.Error(), "plan changed") {
		t.Fatalf("%v", err)
	}
	if g.fake.Load().Applies != applies {
		t.Error("scstadmin -config ran")
	}
	if after, _ := os.ReadFile(g.configFile()); !bytes.Equal(before, after) {
		t.Error("scst.conf changed")
	}
	var ae *api.Error
	if _, _, err := g.svc.Apply(context.Background(), "", api.ISCSIApply{}); !errors.As(err, &ae) || ae.Field != "plan_token" {
		t.Errorf("%v", err)
	}
}

// Removing a LUN an initiator uses is refused unless the admin confirms
// that its session drops; the plan names the session.
func TestApplyRefusesToDropSessionsUnlessConfirmed(t *testing.T) {
	t.Parallel()
	g := applied(t)
	g.writeSession(t, iqn2, "", ini1, "0", "1")
	g.writeSession(t, iqn1, group, "iqn.2026-01.org.example:host9", "0")
	if err := g.svc.RemoveLUN(iqn2, 1, "1"); err != nil {
		t.Fatal(err)
	}
	plan, err := g.svc.Plan(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Drops) != 1 || plan.Drops[0].Initiator != ini1 || plan.Drops[0].Target != iqn2 {
		t.Fatalf("drops %+v", plan.Drops)
	}
	_, _, err = g.svc.Apply(context.Background(), "", api.ISCSIApply{PlanToken: plan.Token})
	var k interface{ APIKind() api.ErrorKind }
	if !errors.As(err, &k) || k.APIKind() != api.KindConflict || !strings.Contains(err.Error(), ini1) {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(g.fake.Load().Running, "/dev/vg0/arch1") {
		t.Fatal("the LUN was removed although the session was not confirmed")
	}
	if _, _, err := g.svc.Apply(context.Background(), "", api.ISCSIApply{PlanToken: plan.Token, DropSessions: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(g.fake.Load().Running, "/dev/vg0/arch1") {
		t.Error("the confirmed removal did not happen")
	}
}

// A failure at each step of the transaction leaves SCST running what it
// ran before (rolled back once something changed), scst.conf as it was,
// and no secret in the error or the log.
func TestApplyFailureAtEachStepRollsBack(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name       string
		inject     func(g *rig)
		step       scst.Step
		rolledBack bool // a restore was needed and done
	}{
		{"check", func(g *rig) { g.admin.failCheck = 1 }, scst.StepCheck, false},
		{"check refuses", func(g *rig) {
			st := g.fake.Load()
			st.Handlers = []string{"vdisk_fileio"} // vdisk_blockio not loaded: check_config drops the devices
			g.fake.Save(st)
		}, scst.StepCheck, false},
		{"save", func(g *rig) { g.admin.failWrite = 2 }, scst.StepSave, false},
		{"apply half-way", func(g *rig) {
			st := g.fake.Load()
			st.FailApply = st.Applies + 1
			g.fake.Save(st)
		}, scst.StepApply, true},
		{"verify cannot read", func(g *rig) { g.admin.failWrite = 3 }, scst.StepVerify, true},
		{"verify finds a LUN missing", func(g *rig) {
			st := g.fake.Load()
			st.DropLUN, st.DropOnApply = "iscsi/"+iqn1+"/"+group+"/7", st.Applies+1
			g.fake.Save(st)
		}, scst.StepVerify, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := applied(t)
			before := g.fake.Load().Running
			conf, _ := os.ReadFile(g.configFile())
			// A change that adds (a LUN, a new secret) and removes (a LUN).
			got, _ := g.svc.Target(iqn1)
			got.CHAP.Incoming[0].Secret = secretIn + "-new"
			if _, err := g.svc.UpdateTarget(context.Background(), iqn1, got); err != nil {
				t.Fatal(err)
			}
			if _, err := g.svc.AddLUN(context.Background(), iqn1, zvol(7, "tank/lun7")); err != nil {
				t.Fatal(err)
			}
			if err := g.svc.RemoveLUN(iqn2, 1, "1"); err != nil {
				t.Fatal(err)
			}
			plan, err := g.svc.Plan(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			g.admin.checks, g.admin.writes, g.admin.applies = 0, 0, 0
			c.inject(g)
			_, tried, err := g.svc.Apply(context.Background(), "", api.ISCSIApply{PlanToken: plan.Token})
			var ae *scst.ApplyError
			if !errors.As(err, &ae) || ae.Step != c.step {
				t.Fatalf("want a failure at %s, got %v", c.step, err)
			}
			if ae.RolledBack != c.rolledBack || ae.RollbackErr != nil {
				t.Errorf("rolled back %v (%v), want %v", ae.RolledBack, ae.RollbackErr, c.rolledBack)
			}
			if c.rolledBack && !strings.Contains(err.Error(), "the previous configuration was restored") {
				t.Errorf("the error does not say it was rolled back: %v", err)
			}
			if c.rolledBack && len(tried.Changes) == 0 {
				t.Error("the plan tried is not reported")
			}
			was, _ := scst.Parse(before)
			if p := scst.Diff(g.running(t), was); !p.Empty() {
				t.Errorf("SCST does not run what it ran before: %v", p.Changes)
			}
			if after, _ := os.ReadFile(g.configFile()); !bytes.Equal(conf, after) {
				t.Error("scst.conf changed after a failed apply")
			}
			g.checkNoSecrets(t, err.Error())
			if strings.Contains(err.Error(), secretIn+"-new") || strings.Contains(g.logText(), secretIn+"-new") {
				t.Error("the new secret leaked")
			}
		})
	}
}

// When the rollback fails too, the error says so: SCST runs neither
// configuration, and scst.conf is left alone.
func TestApplyReportsAFailedRollback(t *testing.T) {
	t.Parallel()
	g := applied(t)
	conf, _ := os.ReadFile(g.configFile())
	if _, err := g.svc.AddLUN(context.Background(), iqn1, zvol(7, "tank/lun7")); err != nil {
		t.Fatal(err)
	}
	plan, _ := g.svc.Plan(context.Background(), "")
	st := g.fake.Load()
	st.FailApply = st.Applies + 1
	g.fake.Save(st)
	g.admin.applies, g.admin.failApply = 0, 2
	_, _, err := g.svc.Apply(context.Background(), "", api.ISCSIApply{PlanToken: plan.Token})
	var ae *scst.ApplyError
	if !errors.As(err, &ae) || ae.Step != scst.StepApply || ae.RolledBack || !errors.Is(ae.RollbackErr, errInjected) {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "restoring the previous configuration failed too") {
		t.Errorf("%v", err)
	}
	if after, _ := os.ReadFile(g.configFile()); !bytes.Equal(conf, after) {
		t.Error("scst.conf changed")
	}
	g.checkNoSecrets(t, err.Error())
}

// Applying one target changes only it; the other's pending change stays
// in the plan of everything.
func TestApplyOneTarget(t *testing.T) {
	t.Parallel()
	g := applied(t)
	ctx := context.Background()
	if _, err := g.svc.AddLUN(ctx, iqn1, zvol(3, "tank/lun3")); err != nil {
		t.Fatal(err)
	}
	if _, err := g.svc.AddLUN(ctx, iqn2, zvol(4, "tank/arch4")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.apply(t, iqn1, false); err != nil {
		t.Fatal(err)
	}
	running := g.fake.Load().Running
	if !strings.Contains(running, "/dev/zvol/tank/lun3") || strings.Contains(running, "/dev/zvol/tank/arch4") {
		t.Errorf("running:\n%s", running)
	}
	all, _ := g.svc.Plan(ctx, "")
	if len(all.Changes) != 2 || !strings.Contains(all.Changes[1].Text, "tank/arch4") {
		t.Errorf("%+v", all.Changes)
	}
	// A target deleted from the desired state is removed by its own apply.
	if err := g.svc.DeleteTarget(iqn2, iqn2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.apply(t, iqn2, false); err != nil {
		t.Fatal(err)
	}
	if running := g.fake.Load().Running; strings.Contains(running, iqn2) || !strings.Contains(running, iqn1) {
		t.Errorf("running:\n%s", running)
	}
	var ae *api.Error
	if _, err := g.svc.Plan(ctx, iqn2); !errors.As(err, &ae) || ae.Kind != api.KindNotFound {
		t.Errorf("a target neither desired nor running: %v", err)
	}
}

// Without SCST's sysfs tree nobody can tell whether a removal drops a
// session: refused unless the admin confirms.
func TestApplyRemovalWithoutSessionsKnownNeedsConfirmation(t *testing.T) {
	t.Parallel()
	g := applied(t)
	if err := os.RemoveAll(filepath.Join(g.dir, "sys")); err != nil {
		t.Fatal(err)
	}
	if err := g.svc.RemoveLUN(iqn2, 1, "1"); err != nil {
		t.Fatal(err)
	}
	_, _, err := g.apply(t, "", false)
	var ae *scst.ApplyError
	if !errors.As(err, &ae) || ae.Step != scst.StepConfirm || !strings.Contains(err.Error(), "sessions cannot be read") {
		t.Fatalf("%v", err)
	}
	if _, _, err := g.apply(t, "", true); err != nil {
		t.Fatal(err)
	}
}

// A plan that cannot read the running configuration says why, without
// the secret scstadmin echoed.
func TestPlanErrorsAreScrubbed(t *testing.T) {
	t.Parallel()
	g := newRig(t, fakescst.State{})
	g.create(t, exampleTarget())
	g.admin.failWrite = 1
	_, err := g.svc.Plan(context.Background(), "")
	var se *scst.Error
	if !errors.As(err, &se) || strings.Contains(err.Error(), secretIn) || strings.Contains(se.Output, secretIn) {
		t.Fatalf("%v (output %q)", err, se.Output)
	}
	if !strings.Contains(err.Error(), "Failed to read attribute") {
		t.Errorf("%v", err)
	}
}
