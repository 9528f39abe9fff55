package server

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/polkit"
)

// grants is polkit under the shipped rules for one member of a group:
// it says yes to the actions listed, no to the rest.
type grants map[string]bool

func (g grants) Check(_ context.Context, _ polkit.Subject, action string) (bool, error) {
	return g[action], nil
}

var viewer = grants{api.ActionRead: true}

// call sends one request through the whole dispatcher as uid and returns
// the status and body.
func call(t *testing.T, s *Server, uid uint32, method, target, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	peer := &Peer{UID: uid, PID: int32(os.Getpid())}
	req := httptest.NewRequest(method, target, strings.NewReader(body)).WithContext(context.WithValue(ctx, peerKey{}, peer))
	rec := httptest.NewRecorder()
	s.http.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// step is one request of a handler table and what its answer must hold.
type step struct {
	method, target, body string
	status               int
	holds                []string // substrings of the JSON answer
}

func runSteps(t *testing.T, s *Server, uid uint32, steps []step) {
	t.Helper()
	for _, st := range steps {
		code, body := call(t, s, uid, st.method, st.target, st.body)
		if code != st.status {
			t.Errorf("%s %s %s: %d, want %d: %.300s", st.method, st.target, st.body, code, st.status, body)
			continue
		}
		for _, h := range st.holds {
			if !strings.Contains(body, h) {
				t.Errorf("%s %s: answer lacks %s: %.400s", st.method, st.target, h, body)
			}
		}
	}
}

// The host, schedule and retention handlers, as an admin uses them on an
// appliance with no tools: each answer is what docs/api.md says.
func TestHostHandlers(t *testing.T) {
	s := testServer(t)
	runSteps(t, s, 4242, []step{
		{"GET", "/api/v1/hosts", "", 200, []string{`[]`}},
		{"POST", "/api/v1/hosts", `{"name":"web1","address":"127.0.0.2","paths":["/srv/www/"]}`, 201,
			[]string{`"name":"web1"`, `"enabled":true`, `"paths":["/srv/www"]`}},
		{"POST", "/api/v1/hosts", `{"name":"web1","address":"127.0.0.3","paths":["/srv"]}`, 409, []string{`"kind":"conflict"`}},
		{"POST", "/api/v1/hosts", `{"name":"-x","address":"127.0.0.3","paths":["/srv"]}`, 400, []string{`"field":"name"`}},
		{"GET", "/api/v1/hosts/web1", "", 200, []string{`"address":"127.0.0.2"`}},
		{"PUT", "/api/v1/hosts/web1", `{"paths":["/etc","/srv/Shared Docs"]}`, 200,
			[]string{`"address":"127.0.0.2"`, `"paths":["/etc","/srv/Shared Docs"]`}},
		{"GET", "/api/v1/hosts/nohost", "", 404, []string{`"kind":"not-found"`}},
		{"POST", "/api/v1/hosts/web1/backup", `{}`, 409, []string{`host key of web1 is not accepted`}},
		{"GET", "/api/v1/hosts/web1/snapshots", "", 200, []string{`[]`}},
		{"GET", "/api/v1/hosts/web1/snapshots?state=broken", "", 400, []string{`"field":"state"`}},
		{"PUT", "/api/v1/hosts/web1/schedule", `{"cron":"30 2 * * *","enabled":true,"prune":true}`, 200,
			[]string{`"cron":"30 2 * * *"`, `"next_run":`}},
		{"PUT", "/api/v1/hosts/web1/schedule", `{"cron":"61 2 * * *","enabled":true}`, 400, []string{`"field":"cron"`}},
		{"GET", "/api/v1/schedules", "", 200, []string{`"host":"web1"`}},
		{"PUT", "/api/v1/hosts/web1/retention/policy", `{"keep_daily":7,"minimum":2}`, 200, []string{`"keep_daily":7`}},
		{"PUT", "/api/v1/hosts/web1/retention/policy", `{"keep_daily":-1}`, 400, []string{`"field":"keep_daily"`}},
		{"GET", "/api/v1/hosts/web1/retention/plan", "", 200, []string{`"plan_token":`, `"snapshots":[]`}},
		{"DELETE", "/api/v1/hosts/web1", "", 200, []string{`"deleted":"web1"`, `snapshot folders were kept`}},
		{"GET", "/api/v1/hosts/web1", "", 404, []string{`"kind":"not-found"`}},
	})
}

// Tasks, audit and the dashboard read what the host handlers left.
func TestTaskAuditAndDashboardHandlers(t *testing.T) {
	s := testServer(t)
	runSteps(t, s, 4242, []step{
		{"POST", "/api/v1/hosts", `{"name":"web1","address":"127.0.0.2","paths":["/srv"]}`, 201, nil},
		{"GET", "/api/v1/tasks", "", 200, []string{`"tasks":[]`}},
		{"GET", "/api/v1/tasks/99", "", 404, []string{`"kind":"not-found"`}},
		{"GET", "/api/v1/tasks/x", "", 400, []string{`"field":"id"`}},
		{"DELETE", "/api/v1/tasks/99", "", 404, []string{`"kind":"not-found"`}},
		{"GET", "/api/v1/audit?action=org.bams.manage", "", 200, []string{`"action":"org.bams.manage"`, `"/api/v1/hosts"`}},
		{"GET", "/api/v1/audit?user=Not%20A%20User", "", 400, []string{`"field":"user"`}},
		{"GET", "/api/v1/dashboard", "", 200, []string{`"running_tasks":[]`, `"recent_audit":[{`, `"backup_root":{"path":`}},
		{"GET", "/api/v1/health", "", 200, []string{`"status":"ok"`}},
	})
}

// A viewer reads and changes nothing: every change is 403 naming the
// action and the group that grants it, and nothing was created. root
// is never asked about (polkit would say yes).
func TestViewerIsRefusedEveryChange(t *testing.T) {
	s := testServer(t, func(d *Deps) { d.Polkit = viewer })
	runSteps(t, s, 4243, []step{
		{"GET", "/api/v1/hosts", "", 200, nil},
		{"POST", "/api/v1/hosts", `{"name":"web1","address":"127.0.0.2","paths":["/srv"]}`, 403,
			[]string{`"kind":"permission-denied"`, `"action":"org.bams.manage"`, `"group":"bams-admin"`}},
		{"PUT", "/api/v1/retention/policy", `{"keep_daily":1}`, 403, []string{`"action":"org.bams.manage"`}},
		{"POST", "/api/v1/system/selfcheck", "", 403, []string{`"action":"org.bams.operate"`, `"group":"bams-operator"`}},
	})
	if hosts, _ := s.Backups.Hosts(); len(hosts) != 0 {
		t.Errorf("a viewer created hosts: %+v", hosts)
	}
	runSteps(t, s, 0, []step{
		{"POST", "/api/v1/hosts", `{"name":"web1","address":"127.0.0.2","paths":["/srv"]}`, 201, nil},
	})
}

// Someone in no BAMS group reads nothing but health and who they are.
func TestOutsiderReadsOnlyHealthAndMe(t *testing.T) {
	s := testServer(t, func(d *Deps) { d.Polkit = grants{} })
	runSteps(t, s, 4244, []step{
		{"GET", "/api/v1/health", "", 200, nil},
		{"GET", "/api/v1/me", "", 200, []string{`"uid":4244`}},
		{"GET", "/api/v1/hosts", "", 403, []string{`"action":"org.bams.read"`, `"group":"bams-viewer"`}},
		{"GET", "/api/v1/dashboard", "", 403, nil},
		{"GET", "/api/v1/audit", "", 403, nil},
	})
}

// Every route but /health and /me refuses someone in no BAMS group before
// its handler runs: 403 naming the action, whatever the route reads or
// changes (each route asked by a uid of its own, so the rate limit on one
// uid's denials does not answer for it).
func TestOutsiderReachesNoHandler(t *testing.T) {
	s := testServer(t, func(d *Deps) { d.Polkit = grants{} })
	sw := newSweep(t, s)
	n, statuses := 0, map[int]int{}
	for _, rt := range routes() {
		if rt.Action == api.Public {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		sw.uid = uint32(5000 + n)
		got := sw.send(rt.Method, target(rt.Pattern), "{}")
		statuses[got.status]++
		if got.status != 403 || got.err == nil || got.err.Kind != api.KindPermissionDenied || got.err.Action == "" {
			t.Errorf("%s: %d %+v, want 403 naming the action", key, got.status, got.err)
		}
		if sw.calls[key] != 0 {
			t.Errorf("%s: the handler ran for an outsider", key)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("%d routes swept, answers %v", n, statuses)
	}
	t.Logf("%d routes, answers %v", n, statuses)
}
