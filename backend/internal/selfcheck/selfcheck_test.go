package selfcheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/events"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/testutil/fakecmd"
)

// Each parser reads the recorded real output in testdata/.
func TestParsersOnRecordedOutput(t *testing.T) {
	for _, tc := range []struct{ tool, file, want string }{
		{"rsync", "rsync--version.txt", "3.5.0"},
		{"ssh", "ssh-V.txt", "9.2p1"},
		{"lvm", "lvm-version.txt", "2.03.16"},
		{"btrfs", "btrfs--version.txt", "6.2"},
		{"mtx", "mtx--version.txt", "1.3.12"},
		{"bconsole", "bconsole-version.txt", "9.6.7"},
		{"zfs", "zfs-version.txt", "2.1.11-1"},
		{"zpool", "zfs-version.txt", "2.1.11-1"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := probes[tc.tool].parse(string(b)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.tool, got, tc.want)
		}
	}
	if got := probes["rsync"].parse("garbage\n"); got != "" {
		t.Errorf("unparseable output gave %q", got)
	}
}

func TestEveryToolHasAProbe(t *testing.T) {
	for _, name := range api.Tools() {
		if _, ok := probes[name]; !ok {
			t.Errorf("no version probe for %s", name)
		}
	}
}

// A selfcheck task against fake tools: installed ones report versions,
// missing ones say so, a broken one reports its error, progress reaches 100.
func TestSelfcheckTask(t *testing.T) {
	fake := fakecmd.New(t)
	fake.Replay("rsync", "testdata/rsync--version.txt", 0)
	fake.ReplayStderr("ssh", "testdata/ssh-V.txt", 0)
	fake.Replay("mtx", "testdata/mtx--version.txt", 1)
	fake.Script("btrfs", "echo 'segfault' >&2; exit 139")
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := &Service{Runner: &execx.Runner{Path: fake.Path, Timeout: 5 * time.Second}, Settings: st}
	hub := events.NewHub()
	sub := hub.Subscribe(1000)
	m := tasks.NewManager(st, hub, tasks.Options{StallAfter: time.Hour, History: time.Hour})
	task, err := m.Start(Kind, "", api.ActionOperate, api.Caller{}, svc.Run)
	if err != nil {
		t.Fatal(err)
	}
	var got api.Task
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got, _ = m.Get(task.ID); got.State.Done() {
			break
		}
	}
	if got.State != api.TaskSucceeded || got.Progress.Percent != 100 {
		t.Fatalf("%+v", got)
	}
	var result []api.ToolStatus
	if err := json.Unmarshal(got.Result, &result); err != nil {
		t.Fatal(err)
	}
	byName := map[string]api.ToolStatus{}
	for _, r := range result {
		byName[r.Name] = r
	}
	if len(result) != len(api.Tools()) {
		t.Fatalf("%d results, want %d", len(result), len(api.Tools()))
	}
	if r := byName["rsync"]; !r.Installed || r.Version != "3.5.0" {
		t.Errorf("rsync %+v", r)
	}
	if r := byName["ssh"]; r.Version != "9.2p1" {
		t.Errorf("ssh %+v", r)
	}
	if r := byName["mtx"]; r.Version != "1.3.12" || r.Error != "" {
		t.Errorf("mtx (exit 1 is its normal answer) %+v", r)
	}
	if r := byName["btrfs"]; !r.Installed || r.Error == "" {
		t.Errorf("btrfs failing must be installed with an error: %+v", r)
	}
	if r := byName["zfs"]; r.Installed {
		t.Errorf("zfs is not in the fake path: %+v", r)
	}
	if got := fake.Calls("rsync"); len(got) != 1 || got[0][0] != "--version" {
		t.Errorf("rsync argv %q", got)
	}
	// progress was reported per tool
	steps := map[string]bool{}
	for len(sub.C) > 0 {
		if e := <-sub.C; e.Task != nil && e.Task.Progress.Step != "" {
			steps[e.Task.Progress.Step] = true
		}
	}
	if !steps["checking zfs (1 of 9)"] {
		t.Errorf("no progress step for the first tool: %v", steps)
	}
	// the dashboard's view is the stored result
	last := svc.Last()
	if len(last) != len(api.Tools()) || last[7].Name != "rsync" || last[7].Version != "3.5.0" {
		t.Errorf("Last() = %+v", last)
	}
}
