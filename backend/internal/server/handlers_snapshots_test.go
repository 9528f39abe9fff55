package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/storagesvc"
	"bams/backend/internal/testutil/fakecmd"
	"bams/backend/internal/testutil/fakezfs"
)

// The snapshot routes over the fake zfs: names as one percent-encoded
// segment, filters, bad input a 400 naming its field with nothing run,
// destroy refused naming the hold, rollback through preview and token.
func TestSnapshotRoutes(t *testing.T) {
	fake := fakezfs.New(t, fakezfs.State{Pools: map[string]*fakezfs.Pool{"tank": {Health: "ONLINE"}}, Datasets: map[string]*fakezfs.Dataset{
		"tank": {Type: "filesystem"}, "tank/a": {Type: "filesystem"},
		"tank/a@hand": {Type: "snapshot", Creation: 10}, "tank/a@late": {Type: "snapshot", Creation: 20, Props: map[string]string{"bams:owner": "snaptask:hourly"}},
	}, Holds: map[string][]string{"tank/a@late": {"keep"}}})
	tools := fakecmd.New(t)
	s := testServer(t, func(d *Deps) {
		d.Storage = storagesvc.New(storagesvc.Options{Runner: &execx.Runner{Path: fake.Path + ":" + tools.Path, Timeout: 10 * time.Second, Log: d.Log}, Log: d.Log, Refresh: time.Hour})
	})
	h := s.Handler()
	send := func(method, target string, body any) (int, map[string]any) {
		var in bytes.Buffer
		if body != nil {
			json.NewEncoder(&in).Encode(body)
		}
		req := httptest.NewRequest(method, target, &in).WithContext(context.WithValue(context.Background(), peerKey{}, &Peer{UID: 0, PID: int32(os.Getpid())}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	field := func(body map[string]any) any { e, _ := body["error"].(map[string]any); return e["field"] }

	if code, body := send("GET", "/api/v1/zfs/snapshots?dataset=tank%2Fa&owner=none", nil); code != 200 || body["total"] != 1.0 || body["snapshots"].([]any)[0].(map[string]any)["owner"] != "" {
		t.Errorf("list: %d %v", code, body)
	}
	for target, f := range map[string]string{
		"/api/v1/zfs/snapshots?owner=Bad": "owner", "/api/v1/zfs/snapshots?dataset=-r": "dataset",
		"/api/v1/zfs/snapshots?recursive=yes": "recursive", "/api/v1/zfs/snapshots?limit=0": "limit",
	} {
		if code, body := send("GET", target, nil); code != 400 || field(body) != f {
			t.Errorf("%s: %d %v", target, code, body)
		}
	}
	calls := len(fake.Calls())
	for _, c := range []struct {
		method, target string
		body           any
		field          string
	}{
		{"POST", "/api/v1/zfs/snapshots", map[string]any{"dataset": "tank/a", "name": "a b"}, "name"},
		{"POST", "/api/v1/zfs/snapshots", map[string]any{"dataset": "tank/a", "name": "x", "owner": "me"}, "owner"}, // owner is not the caller's to choose
		{"DELETE", "/api/v1/zfs/snapshots/tank%2Fa%40hand?confirm=tank%2Fa", nil, "confirm"},
		{"POST", "/api/v1/zfs/snapshots/tank%2Fa%40hand/hold", map[string]any{"tag": "-r"}, "tag"},
		{"POST", "/api/v1/zfs/snapshots/tank%2Fa%40hand/clone", map[string]any{"target": "-o"}, "target"},
		{"POST", "/api/v1/zfs/snapshots/tank%2Fa%40hand/rollback", map[string]any{"confirm": "tank", "token": "x"}, "confirm"},
		{"GET", "/api/v1/btrfs/snapshots", nil, "subvolume"},
		{"POST", "/api/v1/btrfs/snapshots", map[string]any{"subvolume": "rel/path", "name": "x"}, "subvolume"},
	} {
		if code, body := send(c.method, c.target, c.body); code != 400 || field(body) != c.field {
			t.Errorf("%s %s: %d %v", c.method, c.target, code, body)
		}
	}
	for _, call := range fake.Calls()[calls:] {
		if call.Args[0] != "list" && call.Args[0] != "holds" && call.Args[0] != "get" {
			t.Errorf("a refused request ran zfs %v", call.Args)
		}
	}
	if code, body := send("DELETE", "/api/v1/zfs/snapshots/tank%2Fa%40late?confirm=tank%2Fa%40late", nil); code != 409 {
		t.Errorf("held: %d %v", code, body)
	}
	code, p := send("GET", "/api/v1/zfs/snapshots/tank%2Fa%40hand/rollback", nil)
	if code != 200 || p["newer"].([]any)[0] != "tank/a@late" || p["held"].([]any)[0] != "tank/a@late keep" {
		t.Fatalf("preview: %d %v", code, p)
	}
	if code, _ := send("POST", "/api/v1/zfs/snapshots/tank%2Fa%40late/release", map[string]any{"tag": "keep"}); code != 200 {
		t.Fatalf("release: %d", code)
	}
	if code, body := send("POST", "/api/v1/zfs/snapshots/tank%2Fa%40hand/rollback", map[string]any{"confirm": "tank/a", "token": p["token"]}); code != 409 || field(body) != "token" {
		t.Errorf("stale token: %d %v", code, body)
	}
	_, p = send("GET", "/api/v1/zfs/snapshots/tank%2Fa%40hand/rollback", nil)
	if code, body := send("POST", "/api/v1/zfs/snapshots/tank%2Fa%40hand/rollback", map[string]any{"confirm": "tank/a", "token": p["token"]}); code != 200 || body["destroyed"].([]any)[0] != "tank/a@late" {
		t.Errorf("rollback: %d %v", code, body)
	}
	if code, body := send("POST", "/api/v1/zfs/snapshots", map[string]any{"dataset": "tank/a", "name": "now"}); code != 201 || body["owner"] != "manual" {
		t.Errorf("create: %d %v", code, body)
	}
	if code, body := send("GET", "/api/v1/zfs/snapshots?owner=manual", nil); code != 200 || body["total"] != 1.0 {
		t.Errorf("the cache missed the create: %d %v", code, body)
	}
}
