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
	snaps, _ := s.ListSnapshots("web1")
	if len(snaps) != 3 || snaps[0].Name != "2026-11-19T02-15-00Z" || snaps[2].Name != "2026-11-21T02-15-00Z" {
		t.Fatalf("snapshots not in time order: %+v", snaps)
	}
	if err := s.DeleteSnapshot("web1", "2026-11-19T02-15-00Z"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSnapshot("web1", "2026-11-19T02-15-00Z"); err != ErrNotFound {
		t.Fatal("deleted snapshot still there")
	}
	if err := s.DeleteHost("web1"); err != nil {
		t.Fatal(err)
	}
	if snaps, _ := s.ListSnapshots("web1"); len(snaps) != 0 {
		t.Fatal("records of a deleted host remain")
	}
	if hosts, _ := s.ListHosts(); len(hosts) != 0 {
		t.Fatal("host remains")
	}
}
