package integration

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// Hosts are configured by admins only; everyone who may read sees them.
// Deleting a host keeps its snapshot folders, and discover brings their
// records back.
func TestHostsThroughTheCLI(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	add := []string{"host", "add", "web1", "--address", "127.0.0.2", "--path", "/srv", "--exclude", "*.tmp"}
	if res := testenv.RunAs(t, m.Operator, b.Socket, add...); res.Code == 0 || !contains(res.Stderr, "org.bams.manage", "bams-admin") {
		t.Fatalf("operator host add: %+v", res)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, add...); res.Code != 0 {
		t.Fatalf("admin host add: %+v", res)
	}
	var list api.HostList
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts", &list); e != nil || len(list.Hosts) != 1 || list.Hosts[0].Port != 22 {
		t.Fatalf("viewer host list: %v %+v", e, list)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, "host", "add", "bad", "--address", "-oProxyCommand=sh", "--path", "/srv"); res.Code == 0 || !contains(res.Stderr, "address") {
		t.Fatalf("bad address accepted: %+v", res)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, "host", "edit", "web1", "--port", "2222"); res.Code != 0 || !contains(res.Stdout, "port 2222", "/srv") {
		t.Fatalf("edit: %+v", res)
	}

	// a snapshot folder on disk survives the host's removal and is found again
	snap := filepath.Join(b.Dir, "backups", "web1", "2026-11-20T02-15-00Z")
	os.MkdirAll(snap, 0o700)
	os.WriteFile(filepath.Join(snap, "file"), []byte("data"), 0o600)
	if res := testenv.RunAs(t, m.Admin, b.Socket, "snapshots", "discover", "web1"); res.Code != 0 || !contains(res.Stdout, "added 1") {
		t.Fatalf("discover: %+v", res)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, "host", "rm", "web1"); res.Code != 0 {
		t.Fatalf("rm: %+v", res)
	}
	if b, err := os.ReadFile(filepath.Join(snap, "file")); err != nil || string(b) != "data" {
		t.Fatal("removing a host deleted its data")
	}
	testenv.RunAs(t, m.Admin, b.Socket, add...)
	var snaps api.SnapshotList
	testenv.RunAs(t, m.Admin, b.Socket, "snapshots", "discover", "web1")
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/snapshots", &snaps); e != nil || len(snaps.Snapshots) != 1 ||
		snaps.Snapshots[0].State != api.SnapshotUnknown {
		t.Fatalf("snapshots after re-adding: %v %+v", e, snaps)
	}
	// only an admin marks it complete; then it is complete for everyone
	mark := []string{"snapshots", "mark", "web1", "2026-11-20T02-15-00Z", "--kind", "scheduled"}
	if res := testenv.RunAs(t, m.Operator, b.Socket, mark...); res.Code == 0 || !contains(res.Stderr, "org.bams.manage") {
		t.Fatalf("operator mark: %+v", res)
	}
	if res := testenv.RunAs(t, m.Admin, b.Socket, mark...); res.Code != 0 || !contains(res.Stdout, "now complete (scheduled), marked by bamst-admin") {
		t.Fatalf("admin mark: %+v", res)
	}
	if e := callAs(t, m.Viewer, b.Socket, "GET", "/api/v1/hosts/web1/snapshots", &snaps); e != nil ||
		snaps.Snapshots[0].State != api.SnapshotComplete || snaps.Snapshots[0].Marked == nil {
		t.Fatalf("snapshots after marking: %v %+v", e, snaps)
	}
	if b, err := os.ReadFile(filepath.Join(snap, "file")); err != nil || string(b) != "data" {
		t.Fatal("marking touched data")
	}
}

// A new host is enabled unless its body says otherwise, and PUT changes
// only the fields it names: leaving out "enabled" never turns a schedule off.
func TestHostDefaultsAndPartialPut(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	put := func(path, body string) api.Host {
		t.Helper()
		method := "PUT"
		if path == "/api/v1/hosts" {
			method = "POST"
		}
		code, out, err := b.Client().Raw(ctx, method, path, body)
		var h api.Host
		if err != nil || code >= 300 || json.Unmarshal(out, &h) != nil {
			t.Fatalf("%s %s %s: %d %s %v", method, path, body, code, out, err)
		}
		return h
	}
	h := put("/api/v1/hosts", `{"name":"web1","address":"127.0.0.2","paths":["/srv/www/","/etc"],"exclude":["*.tmp"]}`)
	if !h.Enabled || !slices.Equal(h.Paths, []string{"/srv/www", "/etc"}) {
		t.Fatalf("created: enabled %v, paths %q", h.Enabled, h.Paths)
	}
	h = put("/api/v1/hosts/web1", `{"port":2222}`)
	if !h.Enabled || h.Port != 2222 || !slices.Equal(h.Paths, []string{"/srv/www", "/etc"}) || !slices.Equal(h.Exclude, []string{"*.tmp"}) {
		t.Fatalf("after PUT of the port alone: %+v", h)
	}
	h = put("/api/v1/hosts/web1", `{"enabled":false,"exclude":null}`)
	if h.Enabled || h.Port != 2222 || len(h.Exclude) != 0 || len(h.Paths) != 2 {
		t.Fatalf("after PUT of enabled and exclude: %+v", h)
	}
	if got, _ := b.Client().Host(ctx, "web1"); got.Enabled || got.Port != 2222 {
		t.Fatalf("stored: %+v", got)
	}
}
