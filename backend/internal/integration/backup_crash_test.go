package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// kill -9 of bamsd in the middle of a backup: a failed record for that
// run and no complete one, the earlier snapshot byte- and attribute-identical (though the
// source changed a file's mode in between), and the next run succeeds,
// reusing what the interrupted one transferred.
func TestCrashMidBackup(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	web.write(t, "same.txt", "unchanged")
	web.write(t, "mode.txt", "its mode changes")
	if task := backup(t, b, "web1"); task.State != api.TaskSucceeded {
		t.Fatalf("%+v\n%s", task, logText(task))
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	first := snaps.Snapshots[0].Name
	firstDir := filepath.Join(b.Dir, "backups", "web1", first)
	before := manifest(t, firstDir)

	os.Chmod(filepath.Join(web.src, "mode.txt"), 0o600)
	web.write(t, "big.bin", strings.Repeat("y", 2<<20))
	h, _ := b.Client().Host(ctx, "web1")
	h.BandwidthKBps = 256 // about 8 s for big.bin: time to crash in the middle
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	task, err := b.Client().Backup(ctx, "web1")
	if err != nil {
		t.Fatal(err)
	}
	waitTask(t, b, task.ID, func(t api.Task) bool { return t.Progress.BytesDone > 0 })
	b.Kill()
	b.Start()

	got, err := b.Client().Task(ctx, task.ID)
	if err != nil || got.State != api.TaskFailed || got.Error != "daemon stopped unexpectedly" {
		t.Fatalf("the interrupted run: %+v %v", got, err)
	}
	snaps, _ = b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotComplete})
	if len(snaps.Snapshots) != 1 || snaps.Snapshots[0].Name != first {
		t.Fatalf("complete snapshots after the crash: %+v", snaps.Snapshots)
	}
	// like every other failure, the run left a failed record without data
	failed, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotFailed})
	if len(failed.Snapshots) != 1 || failed.Snapshots[0].TaskID != task.ID || failed.Snapshots[0].Error != "daemon stopped unexpectedly" ||
		failed.Snapshots[0].Kind != api.KindManual {
		t.Fatalf("failed records after the crash: %+v", failed.Snapshots)
	}
	if _, err := os.Stat(filepath.Join(b.Dir, "ssh", "runs", task.ID)); !os.IsNotExist(err) {
		t.Errorf("the interrupted run's own folder (known_hosts, agent socket) is still there: %v", err)
	}
	staging, _ := filepath.Glob(filepath.Join(b.Dir, "backups", "web1", ".staging-*"))
	if len(staging) != 1 {
		t.Fatalf("staging folders after the crash: %v", staging)
	}
	sameManifest(t, "the first snapshot after the crash", before, manifest(t, firstDir))

	h.BandwidthKBps = 0
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	next := backup(t, b, "web1")
	if next.State != api.TaskSucceeded || !strings.Contains(logText(next), "reusing the files of an interrupted run") {
		t.Fatalf("the next run: %+v\n%s", next, logText(next))
	}
	sameManifest(t, "the first snapshot after the next run", before, manifest(t, firstDir))
	snaps, _ = b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{State: api.SnapshotComplete})
	latest := snaps.Snapshots[0]
	if len(snaps.Snapshots) != 2 || latest.Base != first {
		t.Fatalf("after the next run: %+v", snaps.Snapshots)
	}
	st, err := os.Stat(snapshotPath(b, "web1", latest.Name, filepath.Join(web.src, "mode.txt")))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the new snapshot must have the new mode: %v %v", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(b.Dir, "backups", "web1", ".staging-*")); len(left) != 0 {
		t.Fatalf("staging folders left after a good run: %v", left)
	}
}
