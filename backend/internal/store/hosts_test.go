package store

import (
	"testing"

	"bams/backend/api"
)

func TestHostsAndSnapshots(t *testing.T) {
	s := open(t)
	h := api.Host{Name: "web1", Address: "127.0.0.2", Port: 22, User: "root", Paths: []string{"/srv"}}
	if err := s.CreateHost(h); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateHost(h); err != ErrExists {
		t.Fatalf("duplicate host: %v", err)
	}
	if err := s.UpdateHost(api.Host{Name: "nope"}); err != ErrNotFound {
		t.Fatalf("update of a missing host: %v", err)
	}
	h.Port = 2222
	s.UpdateHost(h)
	if got, _ := s.GetHost("web1"); got.Port != 2222 {
		t.Fatalf("%+v", got)
	}
	for _, name := range []string{"2026-11-20T02-15-00Z", "2026-11-21T02-15-00Z", "2026-11-19T02-15-00Z"} {
		s.PutSnapshot(api.Snapshot{Host: "web1", Name: name, State: api.SnapshotComplete})
	}
	if names := snapshotNames(t, s, "web1"); len(names) != 3 || names[0] != "2026-11-19T02-15-00Z" || names[2] != "2026-11-21T02-15-00Z" {
		t.Fatalf("snapshots not in time order: %q", names)
	}
	if err := s.DeleteSnapshotIf("web1", "2026-11-19T02-15-00Z", func(api.Snapshot) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSnapshot("web1", "2026-11-19T02-15-00Z"); err != ErrNotFound {
		t.Fatal("deleted snapshot still there")
	}
	if err := s.DeleteHost("web1"); err != nil {
		t.Fatal(err)
	}
	if names := snapshotNames(t, s, "web1"); len(names) != 0 {
		t.Fatal("records of a deleted host remain")
	}
	if hosts, _ := s.ListHosts(); len(hosts) != 0 {
		t.Fatal("host remains")
	}
}

func snapshotNames(t *testing.T, s *Store, host string) []string {
	t.Helper()
	var names []string
	if err := s.EachSnapshotJSON(host, func(name string, _ []byte) error { names = append(names, name); return nil }); err != nil {
		t.Fatal(err)
	}
	return names
}
