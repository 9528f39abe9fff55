package bacula

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bams/backend/internal/execx"
	"bams/backend/internal/proc"
	"bams/backend/internal/testenv"
)

// realSession starts a real Bacula stack (testenv) and a Session on it.
func realSession(t *testing.T, timeout time.Duration) (*testenv.Bacula, *execx.Runner, Config, *Session) {
	t.Helper()
	b := testenv.StartBacula(t)
	r := &execx.Runner{Path: "/usr/sbin:/usr/bin:/sbin:/bin", Timeout: 30 * time.Second}
	cfg := Config{ConfigFile: b.ConsoleConfig, CommandTimeout: timeout}
	s := NewSession(r, cfg)
	t.Cleanup(func() { s.Close() })
	return b, r, cfg, s
}

func must(t *testing.T, s *Session, command string) string {
	t.Helper()
	out, err := s.Command(context.Background(), command)
	if err != nil {
		t.Fatalf("%s: %v\n%s", command, err, out)
	}
	return out
}

func kindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

func (s *Session) pid() int {
	if s.con == nil {
		return 0
	}
	return s.con.cmd.Process.Pid
}

func TestRealSessionQueriesAndJobs(t *testing.T) {
	b, _, _, s := realSession(t, 20*time.Second)
	if v := must(t, s, "version"); !strings.Contains(v, "test-dir Version: 9.") {
		t.Errorf("version: %q", v)
	}
	pid := s.pid()
	if got := ParseNames(must(t, s, ".jobs")); strings.Join(got, ",") != "BackupData,SlowBackup,RestoreFiles" {
		t.Errorf(".jobs: %q", got)
	}
	if got := ParseNames(must(t, s, ".clients")); len(got) != 1 || got[0] != "test-fd" {
		t.Errorf(".clients: %q", got)
	}
	if jobs := ParseJobs(must(t, s, "list jobs"), time.Local); len(jobs) != 0 {
		t.Errorf("fresh catalog lists jobs: %+v", jobs)
	}
	if out := must(t, s, "status dir"); !strings.Contains(out, "test-dir Version:") || !strings.Contains(out, "No Jobs running.") {
		t.Errorf("status dir: %s", out)
	}

	id, ok := ParseJobQueued(must(t, s, "run job=BackupData yes"))
	if !ok {
		t.Fatal("no JobId")
	}
	if st := b.WaitJob(int(id)); st != "T" {
		t.Fatalf("job %d ended %s", id, st)
	}
	jobs := ParseJobs(must(t, s, "list jobs"), time.Local)
	if len(jobs) != 1 || jobs[0].JobID != id || jobs[0].Status.Word() != "ok" || jobs[0].Bytes < 1<<20 || jobs[0].Files < 3 {
		t.Fatalf("list jobs: %+v", jobs)
	}
	long := ParseJobs(must(t, s, fmt.Sprintf("llist jobid=%d", id)), time.Local)
	if len(long) != 1 || long[0].Client != "test-fd" || long[0].Pool != "FilePool" || long[0].EndTime.IsZero() {
		t.Errorf("llist: %+v", long)
	}
	if vols := ParseVolumes(must(t, s, "list volumes"), time.Local); len(vols) != 1 || vols[0].Pool != "FilePool" || vols[0].Bytes < 1<<20 {
		t.Errorf("volumes: %+v", vols)
	}
	if pools := ParsePools(must(t, s, "list pools")); len(pools) != 1 || pools[0].NumVols != 1 {
		t.Errorf("pools: %+v", pools)
	}
	if files := must(t, s, fmt.Sprintf("list files jobid=%d", id)); !strings.Contains(files, b.Data+"/random.bin") {
		t.Errorf("files: %q", files)
	}
	if log := ParseJobLog(must(t, s, fmt.Sprintf("list joblog jobid=%d", id))); !strings.Contains(strings.Join(log, "\n"), "Termination:            Backup OK") {
		t.Errorf("joblog: %q", log)
	}
	if totals := must(t, s, "list jobtotals"); !strings.Contains(totals, "BackupData") {
		t.Errorf("jobtotals: %q", totals)
	}
	// A reply without a final newline (gotcha G7) comes back whole.
	if out := must(t, s, ".defaults job=BackupData"); !strings.HasPrefix(out, "job=BackupDatapool=FilePool") {
		t.Errorf(".defaults: %q", out)
	}
	if s.pid() != pid {
		t.Errorf("the session was restarted: pid %d, then %d", pid, s.pid())
	}
}

func TestRealSessionErrorsAndPrompts(t *testing.T) {
	_, _, _, s := realSession(t, 20*time.Second)
	must(t, s, "version")
	pid := s.pid()
	ctx := context.Background()
	if _, err := s.Command(ctx, "foobar"); kindOf(err) != UnknownCommand {
		t.Errorf("foobar: %v", err)
	}
	// Stops at "Select Job resource", aborted; the error text wins.
	if _, err := s.Command(ctx, "run job=NoSuchJob yes"); kindOf(err) != NotFound {
		t.Errorf("run NoSuchJob: %v", err)
	}
	out, err := s.Command(ctx, "restore")
	var e *Error
	if !errors.As(err, &e) || e.Kind != NeedsAnswer || !strings.Contains(e.Prompt, "Select item") || !strings.Contains(out, "Selection aborted") {
		t.Errorf("restore: %v\n%s", err, out)
	}
	if _, err := s.Command(ctx, "label"); kindOf(err) != NeedsAnswer {
		t.Errorf("label: %v", err)
	}
	if _, err := s.Command(ctx, "show job=NoSuchJob"); kindOf(err) != NotFound {
		t.Errorf("show: %v", err)
	}
	if _, err := s.Command(ctx, "cancel jobid=999"); kindOf(err) != NotRunning {
		t.Errorf("cancel: %v", err)
	}
	if _, err := s.Command(ctx, ".api 2"); kindOf(err) != BadCommand {
		t.Errorf(".api: %v", err)
	}
	// After all that the same bconsole still answers in step.
	if v := must(t, s, "version"); !strings.Contains(v, "test-dir Version: ") {
		t.Errorf("version after errors: %q", v)
	}
	if s.pid() != pid {
		t.Errorf("the session was restarted: pid %d, then %d", pid, s.pid())
	}
}

func TestRealSessionDirectorRestart(t *testing.T) {
	b, _, _, s := realSession(t, 20*time.Second)
	must(t, s, "version")

	// Idle across a restart: the stale connection is replaced unnoticed.
	b.StopDirector()
	b.StartDirector()
	must(t, s, "version")

	b.StopDirector()
	start := time.Now()
	_, err := s.Command(context.Background(), "version")
	var e *Error
	if !errors.As(err, &e) || e.Kind != DirectorUnreachable || !strings.Contains(e.Detail, "nothing listens on 127.0.0.1") {
		t.Fatalf("director stopped: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("unreachable took %v (bconsole's own retries take 15 s)", d)
	}
	if _, err := s.Command(context.Background(), ".jobs"); kindOf(err) != DirectorUnreachable {
		t.Errorf("still stopped: %v", err)
	}
	b.StartDirector()
	if got := ParseNames(must(t, s, ".jobs")); len(got) != 3 {
		t.Errorf(".jobs after restart: %q", got)
	}
}

func TestRealSessionTimeoutAndProgress(t *testing.T) {
	b, r, cfg, s := realSession(t, time.Second)
	ctx := context.Background()
	must(t, s, "version")
	pid := s.pid()
	id := b.RunJob(testenv.BaculaSlowJob)

	start := time.Now()
	_, err := s.Command(ctx, fmt.Sprintf("wait jobid=%d", id))
	if kindOf(err) != Timeout || time.Since(start) > 3*time.Second {
		t.Fatalf("wait on a slow job: %v after %v", err, time.Since(start))
	}
	if st, err := proc.State(pid); err == nil && st != "Z" && st != "X" {
		t.Errorf("timed-out bconsole %d still runs", pid)
	}
	if v := must(t, s, "version"); !strings.Contains(v, "test-dir Version: ") || s.pid() == pid {
		t.Errorf("no new session after the timeout")
	}

	// While it runs, .api 2 status (one-shot) shows it with its progress.
	var client Status
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		client, err = DaemonStatus(ctx, r, cfg, "client=test-fd")
		if err != nil {
			t.Fatal(err)
		}
		if len(client.Running) == 1 && client.Running[0].Bytes > 0 {
			break
		}
	}
	if len(client.Running) != 1 || client.Running[0].JobID != int64(id) || client.Running[0].Bytes == 0 || client.Name != "test-fd" {
		t.Fatalf("client status: %+v", client)
	}
	dir, err := DaemonStatus(ctx, r, cfg, "dir")
	if err != nil || dir.Name != "test-dir" || len(dir.Running) != 1 || dir.Running[0].Name != testenv.BaculaSlowJob || dir.Running[0].Client != "test-fd" {
		t.Errorf("dir status: %+v %v", dir, err)
	}
	sd, err := DaemonStatus(ctx, r, cfg, "storage=File")
	if err != nil || sd.Name != "test-sd" || len(sd.Devices) != 1 || sd.Devices[0].Name != "FileDev" {
		t.Errorf("storage status: %+v %v", sd, err)
	}

	if out := must(t, s, fmt.Sprintf("cancel jobid=%d", id)); !strings.Contains(out, "marked to be canceled") {
		t.Errorf("cancel: %s", out)
	}
	if st := b.WaitJob(id); st != "A" {
		t.Errorf("cancelled job ended %s", st)
	}
	dir, err = DaemonStatus(ctx, r, cfg, "dir")
	if err != nil || len(dir.Running) != 0 || len(dir.Terminated) != 1 || dir.Terminated[0].Status.Word() != "canceled" {
		t.Errorf("dir status after cancel: %+v %v", dir, err)
	}
}

func TestRealRunOneShot(t *testing.T) {
	b, r, cfg, _ := realSession(t, 20*time.Second)
	ctx := context.Background()
	replies, err := Run(ctx, r, cfg, "version", "run job=NoSuchJob yes", ".jobs")
	if kindOf(err) != NotFound || len(replies) != 3 {
		t.Fatalf("%v %q", err, replies)
	}
	// The prompt was aborted, so .jobs was not taken as its answer.
	if got := ParseNames(replies[2]); len(got) != 3 {
		t.Errorf(".jobs after a prompt: %q", replies[2])
	}
	// In .api 2 mode the error text comes late but within the command's reply.
	_, err = Run(ctx, r, cfg, ".api 2", "show job=NoSuchJob")
	if kindOf(err) != NotFound {
		t.Errorf(".api 2 show: %v", err)
	}
	if _, err := DaemonStatus(ctx, r, cfg, "client=-x"); kindOf(err) != BadCommand {
		t.Errorf("bad client name: %v", err)
	}
	b.StopDirector()
	if _, err := Run(ctx, r, cfg, "version"); kindOf(err) != DirectorUnreachable {
		t.Errorf("stopped director: %v", err)
	}
}
