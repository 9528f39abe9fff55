package baculasvc

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
)

// holdingFake has one repository, repo1, at /srv/repo1.
type holdingFake struct{}

func (holdingFake) Holding(dir string) (string, error) {
	if strings.HasPrefix(dir, "/srv/repo1/") {
		return "repo1", nil
	}
	return "", nil
}

func (holdingFake) Folder(id string) (string, error) {
	if id == "repo1" {
		return "/srv/repo1", nil
	}
	return "", &api.Error{Kind: api.KindBadRequest, Field: "repository", Message: "no repository " + id}
}

// A device naming a repository must have its directory inside it.
func TestFileDevicesInTheirRepository(t *testing.T) {
	s := New(Options{Repositories: holdingFake{}})
	for _, c := range []struct {
		dev   api.BaculaFileDevice
		field string
	}{
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/repo1/bacula", Repository: "repo1"}, ""},
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/other", Repository: "repo1"}, "devices[0].directory"},
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/repo1", Repository: "repo1"}, "devices[0].directory"},
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/repo1x/b", Repository: "repo1"}, "devices[0].directory"},
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/repo1/b", Repository: "nope"}, "devices[0].repository"},
		{api.BaculaFileDevice{Name: "A", Directory: "/srv/anywhere"}, ""},
	} {
		err := s.inRepositories([]api.BaculaFileDevice{c.dev})
		var ae *api.Error
		if got := ""; errors.As(err, &ae) {
			got = ae.Field
			if got != c.field {
				t.Errorf("%+v: %v, want a refusal of %q", c.dev, err, c.field)
			}
		} else if err != nil || c.field != "" {
			t.Errorf("%+v: %v, want a refusal of %q", c.dev, err, c.field)
		}
	}
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
