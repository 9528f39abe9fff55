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

// Two hosts, each its own sshd with its own data, backed up twice:
// unchanged files share an inode across snapshots, changed ones do not,
// and the second snapshot's base is the first.
func TestTwoHostsIncrementalBackups(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	db := addHost(t, b, "db1", "127.0.0.3", nil)
	web.write(t, "same.txt", "unchanged content")
	web.write(t, "sub/changing.txt", "version 1")
	db.write(t, "dump.sql", "CREATE TABLE t;")

	var first = map[string]api.Snapshot{}
	for _, h := range []*backedUpHost{web, db} {
		task := backup(t, b, h.name)
		if task.State != api.TaskSucceeded {
			t.Fatalf("first backup of %s: %+v\n%s", h.name, task, logText(task))
		}
		snaps, _ := b.Client().Snapshots(ctx, h.name, client.SnapshotQuery{})
		if len(snaps.Snapshots) != 1 || snaps.Snapshots[0].State != api.SnapshotComplete || snaps.Snapshots[0].Base != "" {
			t.Fatalf("%s after one backup: %+v", h.name, snaps)
		}
		first[h.name] = snaps.Snapshots[0]
	}
	if _, err := os.Stat(snapshotPath(b, "db1", first["db1"].Name, filepath.Join(db.src, "dump.sql"))); err != nil {
		t.Fatalf("db1's data not in its snapshot: %v", err)
	}
	if _, err := os.Stat(snapshotPath(b, "db1", first["db1"].Name, filepath.Join(web.src, "same.txt"))); err == nil {
		t.Fatal("web1's data in db1's snapshot")
	}

	web.write(t, "sub/changing.txt", "version 2, longer")
	task := backup(t, b, "web1")
	if task.State != api.TaskSucceeded {
		t.Fatalf("second backup: %+v\n%s", task, logText(task))
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	second := snaps.Snapshots[0]
	if len(snaps.Snapshots) != 2 || second.Base != first["web1"].Name || second.NewBytes != int64(len("version 2, longer")) {
		t.Fatalf("second snapshot: %+v", snaps.Snapshots)
	}
	one, two := first["web1"].Name, second.Name
	same := filepath.Join(web.src, "same.txt")
	changing := filepath.Join(web.src, "sub/changing.txt")
	if inode(t, snapshotPath(b, "web1", one, same)) != inode(t, snapshotPath(b, "web1", two, same)) {
		t.Error("an unchanged file was copied instead of hard-linked")
	}
	if inode(t, snapshotPath(b, "web1", one, changing)) == inode(t, snapshotPath(b, "web1", two, changing)) {
		t.Error("a changed file shares its inode with the old snapshot")
	}
	if got, _ := os.ReadFile(snapshotPath(b, "web1", one, changing)); string(got) != "version 1" {
		t.Errorf("the old snapshot changed: %q", got)
	}
	// metadata file, and no staging folder left
	if _, err := os.Stat(filepath.Join(b.Dir, "backups", "web1", two, ".bams-snapshot.json")); err != nil {
		t.Errorf("no metadata file: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(b.Dir, "backups", "web1", ".staging-*")); len(entries) != 0 {
		t.Errorf("staging folders left: %v", entries)
	}
	if st, _ := os.Stat(filepath.Join(b.Dir, "backups")); st.Mode().Perm() != 0o700 {
		t.Errorf("backup root mode %v, want 0700", st.Mode().Perm())
	}
}

// A changed host key, a refused connection and a missing source path each
// fail with a clear message, leave a failed record, and keep the base.
func TestBackupFailuresAreClear(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	ctx := context.Background()
	web := addHost(t, b, "web1", "127.0.0.2", nil)
	web.write(t, "a.txt", "a")
	if task := backup(t, b, "web1"); task.State != api.TaskSucceeded {
		t.Fatalf("%+v\n%s", task, logText(task))
	}

	web.sshd.Stop()
	if task := backup(t, b, "web1"); task.State != api.TaskFailed || !strings.Contains(task.Error, "refused") {
		t.Errorf("host down: %+v", task)
	}
	web.sshd.NewHostKey()
	web.sshd.Start()
	if task := backup(t, b, "web1"); task.State != api.TaskFailed || !strings.Contains(task.Error, "changed") {
		t.Errorf("changed host key: %+v", task)
	}
	// accepting the new key (as shown by test) makes runs work again
	scan, _ := b.Client().TestHost(ctx, "web1")
	if scan.Matches || len(scan.Keys) == 0 {
		t.Fatalf("test after the key changed: %+v", scan)
	}
	if _, err := b.Client().AcceptHostKey(ctx, "web1", scan.Keys[0].Fingerprint); err != nil {
		t.Fatal(err)
	}
	h, _ := b.Client().Host(ctx, "web1")
	h.Paths = append(h.Paths, "/nonexistent/bams-test")
	if _, err := b.Client().UpdateHost(ctx, "web1", h.Host); err != nil {
		t.Fatal(err)
	}
	if task := backup(t, b, "web1"); task.State != api.TaskFailed || !strings.Contains(task.Error, "/nonexistent/bams-test does not exist") {
		t.Errorf("missing source path: %+v", task)
	}
	snaps, _ := b.Client().Snapshots(ctx, "web1", client.SnapshotQuery{})
	var complete, failed int
	for _, s := range snaps.Snapshots {
		switch s.State {
		case api.SnapshotComplete:
			complete++
		case api.SnapshotFailed:
			failed++
			if s.Error == "" {
				t.Errorf("failed record without its error: %+v", s)
			}
		}
	}
	if complete != 1 || failed != 3 {
		t.Fatalf("%d complete, %d failed records, want 1 and 3: %+v", complete, failed, snaps.Snapshots)
	}
	// the host's own GET says the same: the last run failed, the last
	// success is the only complete snapshot, nothing runs
	sum, err := b.Client().Host(ctx, "web1")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Snapshots != 4 || sum.RunningTask != "" || sum.LastBackup == nil || sum.LastBackup.State != api.SnapshotFailed ||
		sum.LastSuccess == nil || sum.LastSuccess.State != api.SnapshotComplete {
		t.Errorf("host summary after the failures: %+v", sum)
	}
	out := testenv.RunAs(t, m.Viewer, b.Socket, "host", "show", "web1")
	if out.Code != 0 || !strings.Contains(out.Stdout, sum.LastSuccess.Name+" complete") ||
		!strings.Contains(out.Stdout, sum.LastBackup.Name+" failed") {
		t.Errorf("bamsctl host show: %+v", out)
	}
}

// Backups need org.bams.operate; a second run of a busy host gets 409
// busy naming the running task.
func TestBackupPermissionsAndBusy(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "")
	web := addHost(t, b, "web1", "127.0.0.2", func(h *api.Host) { h.BandwidthKBps = 200 })
	web.write(t, "big.bin", strings.Repeat("x", 1<<20)) // about 5 s at 200 KiB/s

	if e := callAs(t, m.Viewer, b.Socket, "POST", "/api/v1/hosts/web1/backup", nil); e == nil || e.Action != api.ActionOperate {
		t.Fatalf("viewer backup: %+v", e)
	}
	var task api.Task
	if e := callAs(t, m.Operator, b.Socket, "POST", "/api/v1/hosts/web1/backup", &task); e != nil {
		t.Fatalf("operator backup: %v", e)
	}
	e := callAs(t, m.Operator, b.Socket, "POST", "/api/v1/hosts/web1/backup", nil)
	if e == nil || e.Kind != api.KindBusy || e.TaskID != task.ID {
		t.Fatalf("second run: %+v, want busy naming task %s", e, task.ID)
	}
	running := waitTask(t, b, task.ID, func(t api.Task) bool { return t.Progress.BytesDone > 0 || t.State.Done() })
	if running.State != api.TaskRunning || running.PGID == 0 {
		t.Fatalf("no live progress: %+v", running)
	}
	if sum, err := b.Client().Host(context.Background(), "web1"); err != nil || sum.RunningTask != task.ID {
		t.Errorf("host while its backup runs: %+v %v, want running_task %s", sum, err, task.ID)
	}
	if _, err := b.Client().CancelTask(context.Background(), task.ID); err != nil {
		t.Fatal(err)
	}
	if got := waitTask(t, b, task.ID, done); got.State != api.TaskCancelled {
		t.Fatalf("%+v", got)
	}
}

// Different hosts run in parallel up to backups.max_parallel; beyond it a
// run waits for a slot (and says so) instead of failing.
func TestParallelBackupLimit(t *testing.T) {
	testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "backups:\n  max_parallel: 1\n")
	slow := func(h *api.Host) { h.BandwidthKBps = 256 }
	web := addHost(t, b, "web1", "127.0.0.2", slow)
	db := addHost(t, b, "db1", "127.0.0.3", nil)
	web.write(t, "big.bin", strings.Repeat("w", 1<<20))
	db.write(t, "small.txt", "s")
	ctx := context.Background()
	first, err := b.Client().Backup(ctx, "web1")
	if err != nil {
		t.Fatal(err)
	}
	waitTask(t, b, first.ID, func(t api.Task) bool { return t.Progress.BytesDone > 0 })
	second, err := b.Client().Backup(ctx, "db1")
	if err != nil {
		t.Fatal(err)
	}
	waiting := waitTask(t, b, second.ID, func(t api.Task) bool { return t.Progress.Step != "" })
	if waiting.Progress.Step != "waiting for a free backup slot" {
		t.Fatalf("second host while the only slot is taken: %+v", waiting.Progress)
	}
	if got := waitTask(t, b, first.ID, done); got.State != api.TaskSucceeded {
		t.Fatalf("first: %+v", got)
	}
	if got := waitTask(t, b, second.ID, done); got.State != api.TaskSucceeded {
		t.Fatalf("second, after the first: %+v", got)
	}
}
