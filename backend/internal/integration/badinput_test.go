package integration

import (
	"encoding/json"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// Bad input gets a 400 (or 413) with a kind and the field, and changes
// nothing: no task is started.
func TestBadInputChangesNothing(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "limits:\n  max_body_bytes: 2048\n")
	c := b.Client()
	ctx := t.Context()
	for _, tc := range []struct {
		method, path, body string
		status             int
		kind               api.ErrorKind
		field              string
	}{
		{"POST", "/api/v1/system/selfcheck", `{"oops"`, 400, api.KindBadRequest, ""},
		{"POST", "/api/v1/system/selfcheck", `{"tools":["zfs"]}`, 400, api.KindBadRequest, "tools"},
		{"POST", "/api/v1/system/selfcheck", `{} {}`, 400, api.KindBadRequest, ""},
		{"POST", "/api/v1/system/selfcheck", `[1,2]`, 400, api.KindBadRequest, ""},
		{"POST", "/api/v1/system/selfcheck", `{"x":"` + strings.Repeat("a", 4096) + `"}`, 413, api.KindBodyTooLarge, ""},
		{"GET", "/api/v1/tasks?state=done", "", 400, api.KindBadRequest, "state"},
		{"GET", "/api/v1/tasks?limit=0", "", 400, api.KindBadRequest, "limit"},
		{"GET", "/api/v1/tasks?limit=abc", "", 400, api.KindBadRequest, "limit"},
		{"GET", "/api/v1/tasks?kind=-rf", "", 400, api.KindBadRequest, "kind"},
		{"GET", "/api/v1/tasks?cursor=../../x", "", 400, api.KindBadRequest, "cursor"},
		{"GET", "/api/v1/tasks?colour=red", "", 400, api.KindBadRequest, "colour"},
		{"GET", "/api/v1/tasks?limit=5&limit=6", "", 400, api.KindBadRequest, "limit"},
		{"GET", "/api/v1/tasks/abc", "", 400, api.KindBadRequest, "id"},
		{"GET", "/api/v1/tasks/99999", "", 404, api.KindNotFound, ""},
		{"DELETE", "/api/v1/tasks/99999", "", 404, api.KindNotFound, ""},
		{"GET", "/api/v1/audit?since=yesterday", "", 400, api.KindBadRequest, "since"},
		{"GET", "/api/v1/audit?action=rm%20-rf", "", 400, api.KindBadRequest, "action"},
		{"GET", "/api/v1/nope", "", 404, api.KindNotFound, ""},
		{"PUT", "/api/v1/dashboard", "", 405, api.KindMethodNotAllowed, ""},
	} {
		status, body, err := c.Raw(ctx, tc.method, tc.path, tc.body)
		if err != nil {
			t.Fatal(err)
		}
		var eb api.ErrorBody
		if json.Unmarshal(body, &eb) != nil || eb.Error == nil {
			t.Errorf("%s %s: not the error shape: %s", tc.method, tc.path, body)
			continue
		}
		if status != tc.status || eb.Error.Kind != tc.kind || eb.Error.Field != tc.field || eb.Error.Message == "" {
			t.Errorf("%s %s %.40q: %d %+v, want %d %s field %q", tc.method, tc.path, tc.body, status, eb.Error, tc.status, tc.kind, tc.field)
		}
	}
	l, err := c.Tasks(ctx, client.TaskQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Tasks) != 0 {
		t.Fatalf("bad requests started %d tasks", len(l.Tasks))
	}
	// a valid empty object is fine
	if status, body, _ := c.Raw(ctx, "POST", "/api/v1/system/selfcheck", "{}"); status != 202 {
		t.Fatalf("{}: %d %s", status, body)
	}
}
