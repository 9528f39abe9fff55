package baculasvc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
)

// holdingFake says a folder below /srv/repo1 is in repository repo1.
type holdingFake struct{}

func (holdingFake) Holding(dir string) (string, error) {
	if strings.HasPrefix(dir, "/srv/repo1/") {
		return "repo1", nil
	}
	return "", nil
}

// Each managed File device is a use of the repository holding its
// directory; one outside every repository is no use of one.
func TestFileDevicesUseTheirRepository(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Paths: Paths{StorageConfig: filepath.Join(dir, "bacula-sd.conf")}, Repositories: holdingFake{}})
	if uses, err := s.StorageUses(context.Background()); err != nil || len(uses) != 0 {
		t.Fatalf("no managed file: %+v %v", uses, err)
	}
	devs := []api.BaculaFileDevice{{Name: "FileRepo1", Directory: "/srv/repo1/bacula"}, {Name: "FileElsewhere", Directory: "/srv/other"}}
	if err := os.WriteFile(s.managedSDPath(), []byte(fileDevices(devs)), 0o600); err != nil {
		t.Fatal(err)
	}
	uses, err := s.StorageUses(context.Background())
	want := api.StorageUse{Repository: "repo1", User: api.StorageUser{Kind: api.UserBaculaDevice, ID: "FileRepo1", Name: "FileRepo1"}}
	if err != nil || len(uses) != 1 || uses[0].Repository != want.Repository || uses[0].User != want.User {
		t.Fatalf("uses %+v %v", uses, err)
	}
}
