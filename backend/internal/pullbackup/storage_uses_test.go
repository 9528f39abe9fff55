package pullbackup

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"bams/backend/api"
)

// A new host goes to the default repository, which is the backup root, so
// its folder is <backup root>/<name> as before repositories; a repository
// that does not exist is refused naming the field; each host is a use of
// its repository; a host with snapshots cannot move to another one.
func TestHostsLiveInRepositories(t *testing.T) {
	s := newService(t)
	h, err := s.CreateHost(validHost())
	if err != nil || h.Repository != api.DefaultRepo {
		t.Fatalf("%+v %v", h, err)
	}
	if got, want := hostDirOf(t, s, "web1"), filepath.Join(s.backupRoot, "web1"); got != want {
		t.Errorf("host folder %s, want %s", got, want)
	}
	other := validHost()
	other.Name, other.Repository = "web2", "nope"
	if _, err := s.CreateHost(other); kindOf(err) != api.KindBadRequest || fieldOf(err) != "repository" {
		t.Fatalf("unknown repository: %v", err)
	}
	uses, err := s.StorageUses(context.Background())
	if err != nil || len(uses) != 1 || uses[0].Repository != api.DefaultRepo ||
		uses[0].User != (api.StorageUser{Kind: api.UserHost, ID: "web1", Name: "web1"}) {
		t.Fatalf("uses %+v %v", uses, err)
	}
	s.store.PutSnapshot(api.Snapshot{Host: "web1", Name: "2026-11-20T02-15-00Z", State: api.SnapshotComplete})
	s.store.CreateRepository(api.Repository{ID: "fast", Name: "fast", Kind: api.RepoFolder, Mountpoint: t.TempDir()})
	move := validHost()
	move.Repository = "fast"
	if _, err := s.UpdateHost("web1", move); kindOf(err) != api.KindBadRequest || fieldOf(err) != "repository" {
		t.Fatalf("moving a host with snapshots: %v", err)
	}
}

// A store written by the bamsd before repositories (testdata/store-v4.db)
// migrates with every host in the default repository, which is the old
// backup root: each host's folder is still <backup root>/<name>, and its
// snapshot records are all there.
func TestUpgradedStoreKeepsEveryHostPath(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile(filepath.Join("testdata", "store-v4.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "bams.db")
	if err := os.WriteFile(db, old, 0o600); err != nil {
		t.Fatal(err)
	}
	s := newServiceIn(t, dir) // its backup root: dir/backups
	hosts, err := s.Hosts()
	if err != nil || len(hosts) != 2 {
		t.Fatalf("hosts %+v %v", hosts, err)
	}
	for _, h := range hosts {
		if h.Repository != api.DefaultRepo || h.Snapshots != 3 {
			t.Errorf("%s: repository %q, %d snapshots", h.Name, h.Repository, h.Snapshots)
		}
		if got, want := hostDirOf(t, s, h.Name), filepath.Join(dir, "backups", h.Name); got != want {
			t.Errorf("%s's folder is %s, was %s", h.Name, got, want)
		}
	}
	if web1, _ := s.Host("web1"); web1.PreBackup != "pg_dumpall > /srv/dump.sql" || web1.HostKey != "SHA256:abc" || len(web1.Paths) != 2 {
		t.Errorf("web1 lost settings: %+v", web1)
	}
}
