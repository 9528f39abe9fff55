package integration

import (
	"os"
	"path/filepath"
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
