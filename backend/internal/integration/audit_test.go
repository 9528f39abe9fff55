package integration

import (
	"os/user"
	"strconv"
	"testing"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// A mutating call leaves exactly one audit record with the caller's uid,
// user name, loginuid and the result; a denied one is recorded as denied;
// reads leave none; and the API offers no way to change the trail.
func TestAuditRecordsMutatingCalls(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := t.Context()

	if e := callAs(t, m.Operator, b.Socket, "GET", "/api/v1/tasks", nil); e != nil {
		t.Fatal(e)
	}
	var task api.Task
	if e := callAs(t, m.Operator, b.Socket, "POST", "/api/v1/system/selfcheck", &task); e != nil {
		t.Fatal(e)
	}
	if e := callAs(t, m.Viewer, b.Socket, "POST", "/api/v1/system/selfcheck", nil); e == nil {
		t.Fatal("viewer selfcheck allowed")
	}
	l, err := b.Client().Audit(ctx, client.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Records) != 2 {
		t.Fatalf("%d audit records, want 2 (one per mutating call, none for reads): %+v", len(l.Records), l.Records)
	}
	denied, allowed := l.Records[0], l.Records[1] // newest first
	uid := lookupUID(t, m.Operator)
	if allowed.User != m.Operator || allowed.UID != uid || allowed.LoginUID == nil || *allowed.LoginUID != uid ||
		allowed.Action != api.ActionOperate || allowed.Method != "POST" || allowed.Path != "/api/v1/system/selfcheck" ||
		allowed.Result != "ok" || allowed.Status != 202 || allowed.PID == 0 {
		t.Fatalf("operator's record: %+v", allowed)
	}
	if denied.User != m.Viewer || denied.Result != "denied" || denied.Status != 403 {
		t.Fatalf("viewer's record: %+v", denied)
	}
	// filters
	only, _ := b.Client().Audit(ctx, client.AuditQuery{User: m.Viewer})
	if len(only.Records) != 1 || only.Records[0].User != m.Viewer {
		t.Fatalf("filter by user: %+v", only.Records)
	}
	// append-only: no route writes to the trail
	for _, method := range []string{"DELETE", "PUT", "POST", "PATCH"} {
		status, _, err := b.Client().Raw(ctx, method, "/api/v1/audit", "")
		if err != nil || status != 405 {
			t.Errorf("%s /api/v1/audit: %d %v, want 405", method, status, err)
		}
		status, _, _ = b.Client().Raw(ctx, method, "/api/v1/audit/1", "")
		if status != 404 {
			t.Errorf("%s /api/v1/audit/1: %d, want 404", method, status)
		}
	}
}

func lookupUID(t *testing.T, name string) uint32 {
	t.Helper()
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.ParseUint(u.Uid, 10, 32)
	return uint32(n)
}
