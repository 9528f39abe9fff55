package store

import (
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "bams.db"), Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSecondOpenFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bams.db")
	s, err := Open(path, Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	if _, err := Open(path, Options{BackupRoot: "/srv/bams-test"}); err == nil {
		t.Fatal("a second Open of a held database must fail")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("second Open must not hang")
	}
}

func TestSettings(t *testing.T) {
	s := open(t)
	var got []api.ToolStatus
	if err := s.GetSetting("tools", &got); err != ErrNotFound {
		t.Fatalf("unset setting: %v", err)
	}
	want := []api.ToolStatus{{Name: "rsync", Installed: true, Version: "3.2.7"}}
	if err := s.PutSetting("tools", want); err != nil {
		t.Fatal(err)
	}
	if err := s.GetSetting("tools", &got); err != nil || len(got) != 1 || got[0].Version != "3.2.7" {
		t.Fatalf("got %+v, %v", got, err)
	}
}
