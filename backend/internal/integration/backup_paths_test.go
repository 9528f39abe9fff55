package integration

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// Source paths with spaces, quotes, shell syntax and non-ASCII letters are
// backed up under exactly their names, and a restore to the host brings
// them back byte- and attribute-identical. One is given with a trailing
// "/", which is stored without it.
func TestBackupAndRestorePathsPeopleHave(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	names := []string{"Shared Docs", "o'brien", "été", `a;b $(touch pwned) *`}
	var paths []string
	h := addHost(t, b, "web1", "127.0.0.2", func(h *api.Host) {
		for _, n := range names {
			paths = append(paths, filepath.Join(h.Paths[0], n))
		}
		h.Paths = slices.Clone(paths)
		h.Paths[0] += "/"
	})
	got, err := b.Client().Host(context.Background(), "web1")
	if err != nil || !slices.Equal(got.Paths, paths) {
		t.Fatalf("stored paths %q, %v; want %q", got.Paths, err, paths)
	}
	for _, n := range names {
		h.write(t, filepath.Join(n, "report "+n+".txt"), "the content of "+n)
		h.write(t, filepath.Join(n, "sub dir", "x"), "x")
	}
	// whole seconds, as the restore tests use: a folder's nanoseconds did
	// not come back from the round trip here (rsync 3.2.7)
	old := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	filepath.WalkDir(h.src, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	before := manifest(t, h.src)
	task := backup(t, b, h.name)
	if task.State != api.TaskSucceeded {
		t.Fatalf("backup: %+v\n%s", task, logText(task))
	}
	var snap api.Snapshot
	json.Unmarshal(task.Result, &snap)
	for _, p := range paths {
		if _, err := os.Stat(snapshotPath(b, h.name, snap.Name, p)); err != nil {
			t.Errorf("%q is not in the snapshot: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(h.src, "pwned")); err == nil {
		t.Fatal("a source path was run by a shell")
	}

	for _, n := range names {
		h.write(t, filepath.Join(n, "report "+n+".txt"), "damaged")
		os.Chtimes(filepath.Join(h.src, n), time.Now(), time.Now())
	}
	rt, err := b.Client().Restore(context.Background(), h.name, api.RestoreRequest{Snapshot: snap.Name, To: "host"})
	if err != nil {
		t.Fatal(err)
	}
	if rt = waitTask(t, b, rt.ID, done); rt.State != api.TaskSucceeded {
		t.Fatalf("restore: %+v\n%s", rt, logText(rt))
	}
	sameManifest(t, "restored", before, manifest(t, h.src))
}
