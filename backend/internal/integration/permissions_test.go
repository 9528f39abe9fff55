package integration

import (
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// Each role, as a real user asking through polkit, may do exactly what the
// shipped rules grant.
func TestPermissionsByGroup(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")

	// outsider: denied reads, but /health and /me answer
	var h api.Health
	if e := callAs(t, m.Outsider, b.Socket, "GET", "/api/v1/health", &h); e != nil || h.Status != "ok" {
		t.Fatalf("outsider /health: %v %+v", e, h)
	}
	var me api.Me
	if e := callAs(t, m.Outsider, b.Socket, "GET", "/api/v1/me", &me); e != nil {
		t.Fatalf("outsider /me: %v", e)
	}
	if me.User != m.Outsider || me.Actions[api.ActionRead] {
		t.Fatalf("outsider /me: %+v", me)
	}
	for _, path := range []string{"/api/v1/dashboard", "/api/v1/tasks", "/api/v1/audit"} {
		e := callAs(t, m.Outsider, b.Socket, "GET", path, nil)
		if e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionRead || e.Group != "bams-viewer" {
			t.Fatalf("outsider GET %s: %+v, want permission-denied for %s", path, e, api.ActionRead)
		}
	}

	// viewer: reads, but may not start a selfcheck
	var d api.Dashboard
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/dashboard", &d); e != nil || d.Hostname == "" {
		t.Fatalf("viewer dashboard: %v %+v", e, d)
	}
	e := callAs(t, m.Viewer, b.Socket, "POST", "/api/v1/system/selfcheck", nil)
	if e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionOperate || e.Group != "bams-operator" {
		t.Fatalf("viewer selfcheck: %+v", e)
	}
	// and the CLI's own message names the action and the group
	res := testenv.RunAs(t, m.Viewer, b.Socket, "selfcheck")
	if res.Code == 0 || !contains(res.Stderr, "org.bams.operate", "bams-operator") {
		t.Fatalf("viewer bamsctl selfcheck: %+v", res)
	}

	// operator: may start it
	var task api.Task
	if e := callAs(t, m.Operator, b.Socket, "POST", "/api/v1/system/selfcheck", &task); e != nil || task.ID == "" {
		t.Fatalf("operator selfcheck: %v", e)
	}
	if task.By.User != m.Operator || task.Action != api.ActionOperate {
		t.Fatalf("task records %+v", task)
	}

	// /me reports exactly the grants of each role
	want := map[string]map[string]bool{
		m.Viewer:   {api.ActionRead: true},
		m.Operator: {api.ActionRead: true, api.ActionOperate: true},
		m.Admin:    {api.ActionRead: true, api.ActionOperate: true, api.ActionManage: true, api.ActionRestore: true, api.ActionConsole: true},
	}
	for user, grants := range want {
		var me api.Me
		if e := callAs(t, user, b.Socket, "GET", "/api/v1/me", &me); e != nil {
			t.Fatal(e)
		}
		for _, a := range api.Actions() {
			if me.Actions[a] != grants[a] {
				t.Errorf("%s /me %s = %v, want %v", user, a, me.Actions[a], grants[a])
			}
		}
	}

	// root may do everything, without polkit
	if _, err := b.Client().Selfcheck(t.Context()); err != nil {
		t.Fatalf("root selfcheck: %v", err)
	}
	rootMe, err := b.Client().Me(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range api.Actions() {
		if !rootMe.Actions[a] {
			t.Errorf("root /me: %s not allowed", a)
		}
	}
}

// Cancelling a task needs the action that started it: a viewer may not
// cancel an operator's selfcheck.
func TestCancelNeedsTheStartingAction(t *testing.T) {
	m := testenv.RequireMachine(t)
	fakes := slowTools(t)
	b := testenv.StartBamsd(t, "tools:\n  path: "+fakes+"\n")
	var task api.Task
	if e := callAs(t, m.Operator, b.Socket, "POST", "/api/v1/system/selfcheck", &task); e != nil {
		t.Fatal(e)
	}
	e := callAs(t, m.Viewer, b.Socket, "DELETE", "/api/v1/tasks/"+task.ID, nil)
	if e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionOperate {
		t.Fatalf("viewer cancel: %+v", e)
	}
	if e := callAs(t, m.Operator, b.Socket, "DELETE", "/api/v1/tasks/"+task.ID, nil); e != nil {
		t.Fatalf("operator cancel: %v", e)
	}
	got := waitTask(t, b, task.ID, done)
	if got.State != api.TaskCancelled || got.Error != "cancelled by "+m.Operator {
		t.Fatalf("%+v", got)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !stringsContains(s, sub) {
			return false
		}
	}
	return true
}
