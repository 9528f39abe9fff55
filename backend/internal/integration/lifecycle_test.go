package integration

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

// startHangingSelfcheck starts a selfcheck whose zfs query hangs, and
// returns the task once its process group is recorded, with the pid of the
// background child the fake started.
func startHangingSelfcheck(t *testing.T, b *testenv.Bamsd, fakes string) (api.Task, int) {
	t.Helper()
	task, err := b.Client().Selfcheck(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	task = waitTask(t, b, task.ID, func(t api.Task) bool { return t.PGID > 0 })
	var child int
	deadline := time.Now().Add(5 * time.Second)
	for child == 0 && time.Now().Before(deadline) {
		raw, _ := os.ReadFile(filepath.Join(fakes, "child.pid"))
		child, _ = strconv.Atoi(strings.TrimSpace(string(raw)))
		time.Sleep(10 * time.Millisecond)
	}
	if child == 0 || !alive(child) || !alive(task.PGID) {
		t.Fatalf("fake tool not running: child %d pgid %d", child, task.PGID)
	}
	return task, child
}

// Cancel kills the child's whole process group.
func TestCancelKillsTheProcessGroup(t *testing.T) {
	testenv.RequireMachine(t)
	fakes := slowTools(t)
	b := testenv.StartBamsd(t, "tools:\n  path: "+fakes+"\n")
	task, child := startHangingSelfcheck(t, b, fakes)
	if _, err := b.Client().CancelTask(t.Context(), task.ID); err != nil {
		t.Fatal(err)
	}
	got := waitTask(t, b, task.ID, done)
	if got.State != api.TaskCancelled || got.Error != "cancelled by root" {
		t.Fatalf("%+v", got)
	}
	waitGone(t, task.PGID, child)
}

// SIGTERM: bamsd cancels running tasks ("daemon stopping") before it exits.
func TestSigtermCancelsRunningTasks(t *testing.T) {
	testenv.RequireMachine(t)
	fakes := slowTools(t)
	b := testenv.StartBamsd(t, "tools:\n  path: "+fakes+"\n")
	task, child := startHangingSelfcheck(t, b, fakes)
	b.Stop()
	waitGone(t, task.PGID, child)
	if _, err := os.Stat(b.Socket); !os.IsNotExist(err) {
		t.Errorf("socket left behind after a clean stop: %v", err)
	}
	b.Start()
	got, err := b.Client().Task(t.Context(), task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != api.TaskCancelled || got.Error != "daemon stopping" {
		t.Fatalf("after SIGTERM: %+v", got)
	}
}

// kill -9: the next start kills the orphaned process group and marks the
// task failed "daemon stopped unexpectedly".
func TestCrashRecovery(t *testing.T) {
	testenv.RequireMachine(t)
	fakes := slowTools(t)
	b := testenv.StartBamsd(t, "tools:\n  path: "+fakes+"\n")
	task, child := startHangingSelfcheck(t, b, fakes)
	b.Kill()
	if !alive(task.PGID) || !alive(child) {
		t.Fatal("the crash should have left the task's processes running")
	}
	b.Start() // also proves a stale socket is replaced
	waitGone(t, task.PGID, child)
	got, err := b.Client().Task(t.Context(), task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != api.TaskFailed || got.Error != "daemon stopped unexpectedly" || got.PGID != 0 {
		t.Fatalf("after kill -9: %+v", got)
	}
	if !strings.Contains(logText(got), "killed leftover process group") {
		t.Errorf("task log does not say the group was killed: %+v", got.Log)
	}
}

// The stall watchdog marks a task whose progress has not moved.
func TestStallWatchdog(t *testing.T) {
	testenv.RequireMachine(t)
	fakes := slowTools(t)
	b := testenv.StartBamsd(t, "tools:\n  path: "+fakes+"\ntasks:\n  stall_after: 1s\n")
	task, _ := startHangingSelfcheck(t, b, fakes)
	got := waitTask(t, b, task.ID, func(t api.Task) bool { return t.Stalled })
	if got.State != api.TaskRunning {
		t.Fatalf("%+v", got)
	}
	if _, err := b.Client().CancelTask(t.Context(), task.ID); err != nil {
		t.Fatal(err)
	}
	waitTask(t, b, task.ID, done)
}

func logText(t api.Task) string {
	var sb strings.Builder
	for _, l := range t.Log {
		sb.WriteString(l.Text + "\n")
	}
	return sb.String()
}

// alive: the process runs (a zombie waiting for PID 1 to reap it counts as gone).
func alive(pid int) bool {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

func waitGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("process %d still alive", pid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// nothing left in the group either
	if err := syscall.Kill(-pids[0], 0); err == nil {
		for _, pid := range groupMembers(pids[0]) {
			if alive(pid) {
				t.Fatalf("process %d of group %d still alive", pid, pids[0])
			}
		}
	}
}

func groupMembers(pgid int) []int {
	var pids []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		raw, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		s := string(raw)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) {
			pid, _ := strconv.Atoi(filepath.Base(d))
			pids = append(pids, pid)
		}
	}
	return pids
}
