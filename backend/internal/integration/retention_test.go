package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// Real backups, a real policy, real deletes: the plan explains itself,
// previews change nothing, apply refuses stale tokens, limits and the
// wrong people, and an admin's apply deletes exactly the planned folders.
func TestRetentionPlanAndApply(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	snaps := backupTimes(t, b, web, 4) // oldest first
	hostDir := filepath.Join(b.Dir, "backups", "web1")

	// keep the 2 newest manual snapshots, set through the CLI (merged with the built-in policy)
	res := testenv.RunAs(t, m.Admin, b.Socket, "retention", "policy", "web1", "--keep-last", "2", "--minimum", "1",
		"--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0", "--kinds", "manual")
	if res.Code != 0 || !contains(res.Stdout, "from host", "keep-last 2", "prunes manual", "max-delete 10") {
		t.Fatalf("policy: %+v", res)
	}
	// the global default, saved and dropped again through the CLI (admins only)
	if res := testenv.RunAs(t, m.Admin, b.Socket, "retention", "policy", "--default", "--keep-last", "9"); res.Code != 0 ||
		!contains(res.Stdout, "from default", "keep-last 9") {
		t.Fatalf("default policy: %+v", res)
	}
	if res := testenv.RunAs(t, m.Operator, b.Socket, "retention", "policy", "--default", "--reset"); res.Code == 0 || !contains(res.Stderr, "org.bams.manage") {
		t.Fatalf("operator reset of the default: %+v", res)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, "retention", "policy", "--default", "--reset"); res.Code != 0 || !contains(res.Stdout, "from built-in") {
		t.Fatalf("reset of the default: %+v", res)
	}
	if e := putAs(t, m.Admin, b.Socket, "/api/v1/hosts/web1/retention/policy", `{"keep_daily":-1}`); e == nil || e.Field != "keep_daily" {
		t.Fatalf("negative count: %+v", e)
	}
	if e := putAs(t, m.Admin, b.Socket, "/api/v1/hosts/web1/retention/policy", `{"keep_within":"7"}`); e == nil || e.Field != "keep_within" {
		t.Fatalf("bad duration: %+v", e)
	}
	if e := putAs(t, m.Admin, b.Socket, "/api/v1/hosts/web1/retention/policy", `{"keep_dialy":7}`); e == nil || e.Field != "keep_dialy" {
		t.Fatalf("unknown key: %+v", e)
	}

	var plan api.RetentionPlan
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/retention/plan", &plan); e != nil {
		t.Fatal(e)
	}
	verdicts := map[string]api.RetentionDecision{}
	for _, d := range plan.Snapshots {
		verdicts[d.Name] = d
	}
	if plan.Delete != 2 || plan.Keep != 2 || plan.TimeZone == "" || plan.PlanToken == "" || plan.PolicySource != "host" ||
		verdicts[snaps[0]].Action != "delete" || verdicts[snaps[1]].Action != "delete" ||
		!strings.Contains(strings.Join(verdicts[snaps[2]].Reasons, ";"), "base of the newest complete snapshot, "+snaps[3]) ||
		plan.FreedBytesEstimate != verdicts[snaps[0]].NewBytes+verdicts[snaps[1]].NewBytes {
		t.Fatalf("plan: %+v", plan)
	}

	// previews change nothing; bad parameters name the valid values
	before := manifest(t, hostDir)
	var early api.RetentionPlan
	asOf := time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339)
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/retention/plan?kind=all&as_of="+asOf, &early); e != nil || early.Kind != "all" {
		t.Fatalf("as_of: %+v %v", early, e)
	}
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/retention/plan?kind=weekly", nil); e == nil || e.Field != "kind" ||
		!contains(e.Message, "scheduled", "manual", "all") {
		t.Fatalf("bad kind: %+v", e)
	}
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/retention/plan?as_of=yesterday", nil); e == nil || e.Field != "as_of" {
		t.Fatalf("bad as_of: %+v", e)
	}
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/retention/plan?knd=all", nil); e == nil || !contains(e.Message, "kind, as_of") {
		t.Fatalf("unknown parameter: %+v", e)
	}
	sameManifest(t, "after previews", before, manifest(t, hostDir))

	// refusals delete nothing
	if _, err := b.Client().ApplyRetention(ctx, "web1", api.RetentionApply{PlanToken: "0123456789abcdef0123456789abcdef", MaxDelete: 5}); apiKind(err) != api.KindConflict {
		t.Fatalf("stale token: %v", err)
	}
	if _, err := b.Client().ApplyRetention(ctx, "web1", api.RetentionApply{PlanToken: plan.PlanToken, MaxDelete: 1}); apiKind(err) != api.KindConflict || !contains(err.Error(), "max_delete 1") {
		t.Fatalf("max_delete: %v", err)
	}
	for _, user := range []string{m.Viewer, m.Operator} {
		res := testenv.RunAs(t, user, b.Socket, "retention", "web1", "--apply", "--yes")
		if res.Code == 0 || !contains(res.Stderr, "org.bams.manage", "bams-admin") {
			t.Fatalf("apply as %s: %+v", user, res)
		}
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, "retention", "web1", "--apply"); res.Code == 0 || !contains(res.Stderr, "--yes") {
		t.Fatalf("apply without --yes: %+v", res)
	}
	sameManifest(t, "after refusals", before, manifest(t, hostDir))

	// the exact space the deletions free (operate, a task that only reads),
	// against GNU du: listed after the kept snapshots, the deleted ones'
	// lines count only the blocks no kept snapshot links to
	if res := testenv.RunAs(t, m.Viewer, b.Socket, "retention", "space", "web1"); res.Code == 0 || !contains(res.Stderr, "org.bams.operate") {
		t.Fatalf("space as a viewer: %+v", res)
	}
	res = testenv.RunAs(t, m.Operator, b.Socket, "retention", "space", "web1", "-o", "json")
	var spaceTask api.Task
	var space api.RetentionSpace
	if res.Code != 0 || json.Unmarshal([]byte(res.Stdout), &spaceTask) != nil || json.Unmarshal(spaceTask.Result, &space) != nil {
		t.Fatalf("space: %+v", res)
	}
	if res := testenv.RunAs(t, m.Operator, b.Socket, "retention", "space", "web1"); res.Code != 0 ||
		!contains(res.Stdout, "deleting 2 snapshots of web1 frees") {
		t.Fatalf("space, as text: %+v", res)
	}
	du, err := exec.Command("du", "-s", "-B1", filepath.Join(hostDir, snaps[3]), filepath.Join(hostDir, snaps[2]),
		filepath.Join(hostDir, snaps[0]), filepath.Join(hostDir, snaps[1])).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, line := range strings.Split(strings.TrimSpace(string(du)), "\n")[2:] {
		n, _ := strconv.ParseInt(strings.Fields(line)[0], 10, 64)
		want += n
	}
	if space.FreedBytes != want || len(space.Snapshots) != 2 || space.PlanToken != plan.PlanToken ||
		space.FreedBytesEstimate != plan.FreedBytesEstimate {
		t.Fatalf("space %+v, want freed_bytes %d (du:\n%s)", space, want, du)
	}
	sameManifest(t, "after measuring", before, manifest(t, hostDir))

	// an admin applies: the planned folders go, the kept ones stay byte-identical
	kept := map[string]map[string]string{}
	for _, name := range snaps[2:] {
		kept[name] = manifest(t, filepath.Join(hostDir, name))
	}
	res = testenv.RunAs(t, m.Admin, b.Socket, "retention", "web1", "--apply", "--yes", "--max-delete", "2")
	if res.Code != 0 || !contains(res.Stdout, "succeeded") {
		t.Fatalf("apply: %+v", res)
	}
	for _, name := range snaps[:2] {
		if _, err := os.Lstat(filepath.Join(hostDir, name)); !os.IsNotExist(err) {
			t.Errorf("%s still on disk: %v", name, err)
		}
	}
	for name, m := range kept {
		sameManifest(t, name, m, manifest(t, filepath.Join(hostDir, name)))
	}
	list, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	if len(list.Snapshots) != 2 || list.Snapshots[1].Name != snaps[2] {
		t.Fatalf("records after apply: %+v", list.Snapshots)
	}
	audit, err := b.Client().Audit(ctx, client.AuditQuery{User: m.Admin, Action: api.ActionManage})
	if err != nil {
		t.Fatal(err)
	}
	deleted := map[string]bool{}
	for _, r := range audit.Records {
		if r.Method == "DELETE" && r.Params["by"] == "retention apply" && r.Result == "ok" {
			if reasons, _ := r.Params["reasons"].([]any); len(reasons) == 0 || reasons[0] != "no rule keeps it" {
				t.Errorf("audit record without its reasons: %+v", r)
			}
			deleted[filepath.Base(r.Path)] = true
		}
	}
	if len(deleted) != 2 || !deleted[snaps[0]] || !deleted[snaps[1]] {
		t.Fatalf("audit records of deletes: %v", deleted)
	}
}

// backup run --prune: an operator's backup runs, and only the prune step
// is refused, saying so; an admin's prunes after the backup, keeping a
// protected snapshot.
func TestBackupPrune(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	snaps := backupTimes(t, b, web, 3)
	if _, err := b.Client().SetRetentionPolicy(ctx, "web1", api.RetentionPolicy{KeepLast: 2, Kinds: "all"}); err != nil {
		t.Fatal(err)
	}

	web.write(t, "f", "operator")
	res := testenv.RunAs(t, m.Operator, b.Socket, "backup", "run", "web1", "--prune")
	if res.Code == 0 || !contains(res.Stderr, "backup of web1 succeeded; pruning it did not run", "org.bams.manage") {
		t.Fatalf("operator --prune: %+v", res)
	}
	if list, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{}); len(list.Snapshots) != 4 {
		t.Fatalf("the operator's backup did not run, or something was pruned: %+v", list.Snapshots)
	}

	if res := testenv.RunAs(t, m.Admin, b.Socket, "snapshots", "protect", "web1", snaps[0], "--why", "before the upgrade"); res.Code != 0 {
		t.Fatalf("protect: %+v", res)
	}
	web.write(t, "f", "admin")
	res = testenv.RunAs(t, m.Admin, b.Socket, "backup", "run", "web1", "--prune")
	if res.Code != 0 {
		t.Fatalf("admin --prune: %+v", res)
	}
	list, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	var names []string
	for _, s := range list.Snapshots {
		names = append(names, s.Name)
	}
	// 5 snapshots: the 2 newest and the protected oldest stay
	if len(names) != 3 || names[2] != snaps[0] || list.Snapshots[2].Protected == nil || list.Snapshots[2].Protected.By != m.Admin {
		t.Fatalf("after prune: %v", names)
	}
	res = testenv.RunAs(t, m.Viewer, b.Socket, "retention", "web1")
	if res.Code != 0 || !contains(res.Stdout, "protected by user "+m.Admin, "before the upgrade", "TAKEN (") {
		t.Fatalf("plan as text: %+v", res)
	}
}

// backupTimes runs n backups of h, each with a changed file, and returns
// the snapshot names, oldest first.
func backupTimes(t *testing.T, b *testenv.Bamsd, h *backedUpHost, n int) []string {
	t.Helper()
	var names []string
	for i := range n {
		h.write(t, "f", fmt.Sprintf("version %d", i))
		task := backup(t, b, h.name)
		if task.State != api.TaskSucceeded {
			t.Fatalf("backup %d: %+v\n%s", i, task, logText(task))
		}
		var snap api.Snapshot
		if err := json.Unmarshal(task.Result, &snap); err != nil {
			t.Fatal(err)
		}
		names = append(names, snap.Name)
	}
	return names
}

// putAs sends a PUT with a body as user and returns the API error, if any.
func putAs(t *testing.T, user, socket, path, body string) *api.Error {
	t.Helper()
	res := testenv.RunAs(t, user, socket, "api", "PUT", path, "-d", body)
	if res.Code == 0 {
		return nil
	}
	var eb api.ErrorBody
	if err := json.Unmarshal([]byte(res.Stdout), &eb); err != nil || eb.Error == nil {
		t.Fatalf("PUT %s: %+v", path, res)
	}
	return eb.Error
}

func apiKind(err error) api.ErrorKind {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return ""
}
