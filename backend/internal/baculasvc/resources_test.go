package baculasvc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testenv"
)

// realService is a Service on a real Bacula stack.
func realService(t *testing.T) (*testenv.Bacula, *Service) { return realServiceTB(t) }

func realServiceTB(t testing.TB) (*testenv.Bacula, *Service) {
	t.Helper()
	b := testenv.StartBacula(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	mgr := tasks.NewManager(st, events.NewHub(), tasks.Options{StallAfter: time.Minute, History: time.Hour, Log: quiet})
	s := New(Options{Runner: &execx.Runner{Path: "/usr/sbin:/usr/bin:/bin", Timeout: time.Minute, Log: quiet}, Store: st, Tasks: mgr, Log: quiet,
		Location: time.Local, Console: bacula.Config{ConfigFile: b.ConsoleConfig},
		Paths: Paths{Director: "bacula-dir", DirectorConfig: b.DirectorConfig, ResourceDir: b.ResourceDir}})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = mgr.Shutdown(ctx)
		s.Close()
		st.Close()
	})
	return b, s
}

func TestResourceApplyCheckedReloadedAndRolledBack(t *testing.T) {
	b, s := realService(t)
	ctx := context.Background()
	good := "Job {\n  Name = \"Extra\"\n  Type = Backup\n  Client = test-fd\n  FileSet = TestSet\n" +
		"  Storage = File\n  Pool = FilePool\n  Messages = Standard\n}\n"
	if err := s.applyResource(ctx, "job", "Extra", good); err != nil {
		t.Fatal(err)
	}
	if out := b.Console(".jobs"); !strings.Contains(out, "\nExtra") {
		t.Fatalf("the reloaded director does not know Extra:\n%s", out)
	}

	// An unresolved reference: bacula-dir -t refuses it, the old file is back.
	bad := strings.Replace(good, "Client = test-fd", "Client = nosuch-fd", 1)
	err := s.applyResource(ctx, "job", "Extra", bad)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || !strings.Contains(ae.Message, "bacula-dir -t") {
		t.Fatalf("bad config: got %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(b.ResourceDir, "job-Extra.conf")); string(got) != good {
		t.Fatalf("not rolled back: %q", got)
	}
	// A new file with a missing required directive: removed again.
	if err := s.applyResource(ctx, "job", "Broken", "Job {\n  Name = Broken\n}\n"); err == nil {
		t.Fatal("a Job without Type/Client was accepted")
	}
	if _, err := os.Stat(filepath.Join(b.ResourceDir, "job-Broken.conf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the broken file was left: %v", err)
	}
	if out := b.Console("version"); !strings.Contains(out, "Version: ") {
		t.Fatalf("the director died:\n%s", out)
	}

	if err := s.removeResource(ctx, "job", "Extra"); err != nil {
		t.Fatal(err)
	}
	if out := b.Console(".jobs"); strings.Contains(out, "\nExtra") {
		t.Fatalf("Extra still known after removal:\n%s", out)
	}
	if err := s.removeResource(ctx, "job", "Extra"); !errors.As(err, &ae) || ae.Kind != api.KindNotFound {
		t.Fatalf("second removal: %v", err)
	}
	if err := s.applyResource(ctx, "job", "../x", good); !errors.As(err, &ae) || ae.Field != "name" {
		t.Fatalf("bad name: %v", err)
	}
}
