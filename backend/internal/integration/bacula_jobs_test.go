package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

// baculaBamsd starts bamsd pointed at a test Bacula stack's console,
// director config and resource folder.
func baculaBamsd(t *testing.T, b *testenv.Bacula) *testenv.Bamsd {
	t.Helper()
	return testenv.StartBamsd(t, "bacula:\n  console_config: "+b.ConsoleConfig+"\n  director_config: "+b.DirectorConfig+
		"\n  resource_dir: "+b.ResourceDir+"\n")
}

// baculaErr is an API error's kind and field.
func baculaErr(err error) (api.ErrorKind, string) {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Kind, ae.Field
	}
	return "", ""
}

func jobResult(t *testing.T, task api.Task) api.BaculaJobResult {
	t.Helper()
	var r api.BaculaJobResult
	if len(task.Result) > 0 {
		if err := json.Unmarshal(task.Result, &r); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// waitJobID waits until a job task recorded its Bacula job id and the job runs.
func waitJobID(t *testing.T, d *testenv.Bamsd, id string) int64 {
	t.Helper()
	task := waitTask(t, d, id, func(task api.Task) bool {
		return task.State.Done() || jobResult(t, task).JobID > 0 && task.Progress.Step == "Running"
	})
	if task.State.Done() {
		t.Fatalf("job task ended early: %+v", task)
	}
	return jobResult(t, task).JobID
}

func TestBaculaJobRunHistoryRestore(t *testing.T) {
	b := testenv.StartBacula(t)
	d := baculaBamsd(t, b)
	c, ctx := d.Client(), context.Background()

	// what a job can use, as the director lists it (test/bacula/bacula-dir.conf.in)
	if names, err := c.BaculaJobResources(ctx); err != nil || !slices.Contains(names.Clients, "test-fd") ||
		!slices.Equal(names.FileSets, []string{"TestSet"}) || !slices.Equal(names.Schedules, []string{"Nightly"}) ||
		!slices.Contains(names.Pools, "FilePool") || !slices.Equal(names.Storages, []string{"File"}) ||
		!slices.Contains(names.Messages, "Standard") {
		t.Fatalf("job resources: %+v %v", names, err)
	}

	for _, tc := range []struct {
		job         api.BaculaJobCreate
		kind        api.ErrorKind
		field       string
		description string
	}{
		{api.BaculaJobCreate{Name: "-x", Client: "test-fd", FileSet: "TestSet", Pool: "FilePool"}, api.KindBadRequest, "name", "bad name"},
		{api.BaculaJobCreate{Name: "X", Client: "nosuch-fd", FileSet: "TestSet", Pool: "FilePool"}, api.KindBadRequest, "client", "unknown client"},
		{api.BaculaJobCreate{Name: "X", Client: "test-fd", FileSet: "NoSet", Pool: "FilePool"}, api.KindBadRequest, "fileset", "unknown fileset"},
		{api.BaculaJobCreate{Name: "X", Client: "test-fd", FileSet: "TestSet", Pool: "FilePool", Schedule: "Weekly"}, api.KindBadRequest, "schedule", "unknown schedule"},
		{api.BaculaJobCreate{Name: "X", Client: "test-fd", FileSet: "TestSet", Pool: "NoPool"}, api.KindBadRequest, "pool", "unknown pool"},
		{api.BaculaJobCreate{Name: "X", Client: "test-fd", FileSet: "TestSet", Pool: "FilePool", MaximumBandwidth: "fast"}, api.KindBadRequest, "maximum_bandwidth", "bad bandwidth"},
		{api.BaculaJobCreate{Name: "BackupData", Client: "test-fd", FileSet: "TestSet", Pool: "FilePool"}, api.KindConflict, "name", "existing job"},
	} {
		_, err := c.CreateBaculaJob(ctx, tc.job)
		if k, f := baculaErr(err); k != tc.kind || f != tc.field {
			t.Errorf("%s: got %v, want %s on %s", tc.description, err, tc.kind, tc.field)
		}
	}
	if entries, _ := os.ReadDir(b.ResourceDir); len(entries) != 0 {
		t.Fatalf("refused jobs left files: %v", entries)
	}

	// A job created through the API, limited to 200 kB/s so it runs ~5 s.
	created, err := c.CreateBaculaJob(ctx, api.BaculaJobCreate{Name: "ApiSlow", Client: "test-fd", FileSet: "TestSet",
		Schedule: "Nightly", Pool: "FilePool", Level: "Full", MaximumBandwidth: "200 kb/s"})
	if err != nil || !created.Managed {
		t.Fatalf("create: %+v %v", created, err)
	}
	task, err := c.RunBaculaJob(ctx, "ApiSlow", api.BaculaJobRun{})
	if err != nil {
		t.Fatal(err)
	}
	var midway []api.Progress
	final := waitTask(t, d, task.ID, func(task api.Task) bool {
		if task.State == api.TaskRunning && task.Progress.BytesDone > 0 && task.Progress.Percent < 100 {
			midway = append(midway, task.Progress)
		}
		return task.State.Done()
	})
	res := jobResult(t, final)
	if final.State != api.TaskSucceeded || res.Status != "ok" || res.Bytes < 1<<20 {
		t.Fatalf("run task: %+v result %+v", final, res)
	}
	if len(midway) == 0 {
		t.Fatal("no intermediate progress with bytes > 0 before the job ended")
	}
	t.Logf("job %d: %d progress samples while running, first %+v", res.JobID, len(midway), midway[0])

	hist, err := c.BaculaHistory(ctx, client.BaculaHistoryQuery{Job: "ApiSlow", Status: "ok"})
	if err != nil || len(hist.Runs) != 1 || hist.Runs[0].JobID != res.JobID || hist.Runs[0].Bytes != res.Bytes || hist.Runs[0].Client != "test-fd" {
		t.Fatalf("history: %+v %v", hist, err)
	}
	run, err := c.BaculaRun(ctx, res.JobID)
	if err != nil || run.Status != "ok" || run.Duration <= 0 || len(run.Log) == 0 || !strings.Contains(strings.Join(run.Log, "\n"), "Backup OK") {
		t.Fatalf("run detail: %+v %v", run, err)
	}
	jobs, err := c.BaculaJobs(ctx, client.BaculaJobQuery{Client: "test-fd", Schedule: "Nightly"})
	if err != nil || len(jobs.Jobs) != 1 || jobs.Jobs[0].Name != "ApiSlow" || jobs.Jobs[0].Status != "ok" ||
		jobs.Jobs[0].LastRun == nil || jobs.Jobs[0].LastRun.JobID != res.JobID || jobs.Jobs[0].NextRun == nil {
		t.Fatalf("jobs by client and schedule: %+v %v", jobs, err)
	}
	detail, err := c.BaculaJob(ctx, "ApiSlow")
	if err != nil || detail.Statistics.Runs != 1 || detail.Statistics.Succeeded != 1 || !strings.Contains(detail.Config, "FileSet: name=TestSet") {
		t.Fatalf("job detail: %+v %v", detail, err)
	}
	stats, err := c.BaculaStats(ctx)
	if err != nil || stats.TotalJobs != 4 || stats.SuccessRate24h == nil || *stats.SuccessRate24h != 100 || stats.BytesBackedUp != res.Bytes {
		t.Fatalf("stats: %+v %v", stats, err)
	}

	// Restore elsewhere and compare.
	where := filepath.Join(b.Work, "restore-api")
	rtask, err := c.RestoreBaculaJob(ctx, res.JobID, api.BaculaRestore{Where: where})
	if err != nil {
		t.Fatal(err)
	}
	if rt := waitTask(t, d, rtask.ID, done); rt.State != api.TaskSucceeded || rt.Action != api.ActionRestore {
		t.Fatalf("restore task: %+v", rt)
	}
	for _, f := range []string{"a.txt", "sub/b.txt", "random.bin"} {
		want, _ := os.ReadFile(filepath.Join(b.Data, f))
		got, err := os.ReadFile(filepath.Join(where, b.Data, f))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("restored %s differs (%v)", f, err)
		}
	}
	if _, err := c.RestoreBaculaJob(ctx, res.JobID, api.BaculaRestore{Where: "/tmp/../etc"}); func() bool { k, f := baculaErr(err); return k != api.KindBadRequest || f != "where" }() {
		t.Errorf("where with ..: %v", err)
	}
}

func TestBaculaCancelAndRestart(t *testing.T) {
	b := testenv.StartBacula(t)
	d := baculaBamsd(t, b)
	c, ctx := d.Client(), context.Background()

	// Cancel through the history route: Bacula records the job cancelled.
	task, err := c.RunBaculaJob(ctx, testenv.BaculaSlowJob, api.BaculaJobRun{})
	if err != nil {
		t.Fatal(err)
	}
	id := waitJobID(t, d, task.ID)
	if _, err := c.CancelBaculaJob(ctx, id); err != nil {
		t.Fatal(err)
	}
	if st := b.WaitJob(int(id)); st != "A" {
		t.Fatalf("job %d after cancel: %s", id, st)
	}
	if ended := waitTask(t, d, task.ID, done); ended.State != api.TaskFailed || jobResult(t, ended).Status != "canceled" {
		t.Fatalf("task of a cancelled job: %+v", ended)
	}
	if _, err := c.CancelBaculaJob(ctx, id); func() bool { k, _ := baculaErr(err); return k != api.KindConflict }() {
		t.Fatalf("cancelling an ended job: %v", err)
	}

	// Cancelling the task cancels the job.
	task, _ = c.RunBaculaJob(ctx, testenv.BaculaSlowJob, api.BaculaJobRun{})
	id = waitJobID(t, d, task.ID)
	if _, err := c.CancelTask(ctx, task.ID); err != nil {
		t.Fatal(err)
	}
	if ended := waitTask(t, d, task.ID, done); ended.State != api.TaskCancelled {
		t.Fatalf("cancelled task: %+v", ended)
	}
	if st := b.WaitJob(int(id)); st != "A" {
		t.Fatalf("job %d after the task's cancel: %s", id, st)
	}

	// bamsd restarts while a job runs: the task re-attaches and ends as the job did.
	task, _ = c.RunBaculaJob(ctx, testenv.BaculaSlowJob, api.BaculaJobRun{})
	id = waitJobID(t, d, task.ID)
	d.Stop()
	d.Start()
	c = d.Client()
	ended := waitTask(t, d, task.ID, done)
	if ended.State != api.TaskSucceeded || jobResult(t, ended).JobID != id || jobResult(t, ended).Status != "ok" {
		t.Fatalf("re-attached task: %+v", ended)
	}
	if st := b.WaitJob(int(id)); st != "T" {
		t.Fatalf("job %d: %s", id, st)
	}
	if !strings.Contains(d.LogText(), "re-attaching task") {
		t.Error("bamsd's log does not mention the re-attach")
	}
	run, err := c.BaculaRun(ctx, id)
	if err != nil || run.Status != "ok" {
		t.Fatalf("history of the re-attached job: %+v %v", run, err)
	}
}

// A change that passes BAMS's checks but not `bacula-dir -t` (the fileset
// the running director knows was removed from its files) is rolled back,
// and the director keeps running.
func TestBaculaBrokenConfigRolledBack(t *testing.T) {
	b := testenv.StartBacula(t)
	d := baculaBamsd(t, b)
	c, ctx := d.Client(), context.Background()
	extra := filepath.Join(b.ResourceDir, "extra.conf")
	os.WriteFile(extra, []byte("FileSet {\n  Name = Ephemeral\n  Include {\n    File = /etc/hostname\n  }\n}\n"), 0o600)
	if out := b.Console("reload", ".filesets"); !strings.Contains(out, "Ephemeral") {
		t.Fatalf("reload: %s", out)
	}
	os.Remove(extra)
	_, err := c.CreateBaculaJob(ctx, api.BaculaJobCreate{Name: "Broken", Client: "test-fd", FileSet: "Ephemeral", Pool: "FilePool"})
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.KindBadRequest || !strings.Contains(ae.Message, "bacula-dir -t") {
		t.Fatalf("create with a broken config: %v", err)
	}
	if entries, _ := os.ReadDir(b.ResourceDir); len(entries) != 0 {
		t.Fatalf("not rolled back: %v", entries)
	}
	if out := b.Console("version", ".jobs"); !strings.Contains(out, "Version: ") || strings.Contains(out, "Broken") {
		t.Fatalf("director after the refused change:\n%s", out)
	}
	if _, err := c.BaculaStats(ctx); err != nil {
		t.Fatalf("bamsd cannot talk to the director any more: %v", err)
	}
}

func TestBaculaConsole(t *testing.T) {
	b := testenv.StartBacula(t)
	b.Backup()
	d := baculaBamsd(t, b)
	c, ctx := d.Client(), context.Background()
	for _, cmd := range []string{
		"list jobs", "llist jobs", "list jobid=1", "llist jobid=1", "list joblog jobid=1", "list jobmedia jobid=1",
		"list jobtotals", "list files jobid=1", "list volumes", "llist volumes", "list pools", "list clients", "list media",
		"show jobs", "show pools", "show clients", "show storages", "show filesets", "show schedules", "show job=BackupData",
		"status dir", "status client=test-fd", "status storage=File", "status schedule",
		"version", ".jobs", ".clients", ".pools", ".storage", ".filesets", ".schedule",
	} {
		out, err := c.BaculaConsole(ctx, cmd)
		if err != nil || strings.TrimSpace(out.Output) == "" || strings.Contains(out.Output, "is an invalid command") {
			t.Errorf("%q: %v %q", cmd, err, out.Output)
		}
		for _, secret := range []string{"test-console-pass", "test-fd-pass", "test-sd-pass"} {
			if strings.Contains(out.Output, secret) {
				t.Errorf("%q shows a password", cmd)
			}
		}
	}
	for _, cmd := range []string{".sql query=\"SELECT 1\"", ".bvfs_update", ".api 2", "messages", "status", "delete jobid=1",
		"purge", "run job=BackupData yes", "@output /tmp/x", "list jobs\nlist pools", "list jobs\x07"} {
		_, err := c.BaculaConsole(ctx, cmd)
		if k, f := baculaErr(err); k != api.KindBadRequest || f != "command" {
			t.Errorf("%q was not refused: %v", cmd, err)
		}
	}
	if out := b.Console("list jobs"); strings.Count(out, "BackupData") != 1 {
		t.Fatalf("a refused command changed the catalog:\n%s", out)
	}
}

func TestBaculaPermissionsAndToolMissing(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBacula(t)
	d := baculaBamsd(t, b)
	if e := callAs(t, m.Viewer, d.Socket, "GET", "/api/v1/backup/history", nil); e != nil {
		t.Fatalf("viewer reads history: %v", e)
	}
	if e := callAs(t, m.Viewer, d.Socket, "POST", "/api/v1/backup/jobs/BackupData/run", nil); e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionOperate {
		t.Fatalf("viewer runs a job: %+v", e)
	}
	if e := callAs(t, m.Operator, d.Socket, "POST", "/api/v1/backup/console/execute", nil); e == nil || e.Kind != api.KindPermissionDenied || e.Action != api.ActionConsole {
		t.Fatalf("operator uses the console: %+v", e)
	}

	// The CLI: an admin's console, an operator's refusal naming the action.
	if res := testenv.RunAs(t, m.Admin, d.Socket, "bacula", "console", "version"); res.Code != 0 || !strings.Contains(res.Stdout, "Version: 9.6") {
		t.Fatalf("bamsctl bacula console version: %+v", res)
	}
	if res := testenv.RunAs(t, m.Operator, d.Socket, "bacula", "console", "version"); res.Code == 0 || !strings.Contains(res.Stdout+res.Stderr, api.ActionConsole) {
		t.Fatalf("operator's bamsctl bacula console: %+v", res)
	}
	if res := testenv.RunAs(t, m.Viewer, d.Socket, "bacula", "jobs"); res.Code != 0 || !strings.Contains(res.Stdout, "SlowBackup") {
		t.Fatalf("bamsctl bacula jobs: %+v", res)
	}

	// A bamsd whose tools.path has no bconsole: every route says so.
	none := testenv.StartBamsd(t, "tools:\n  path: "+t.TempDir()+"\n")
	c := none.Client()
	for _, call := range []struct {
		method, path, body string
	}{
		{"GET", "/api/v1/backup/dashboard/stats", ""},
		{"GET", "/api/v1/backup/jobs", ""},
		{"GET", "/api/v1/backup/jobs/BackupData", ""},
		{"POST", "/api/v1/backup/jobs", `{"name":"X","client":"c","fileset":"f","pool":"p"}`},
		{"POST", "/api/v1/backup/jobs/BackupData/run", ""},
		{"GET", "/api/v1/backup/history", ""},
		{"POST", "/api/v1/backup/history/reconcile", ""},
		{"GET", "/api/v1/backup/history/1", ""},
		{"POST", "/api/v1/backup/history/1/cancel", ""},
		{"POST", "/api/v1/backup/history/1/restore", `{"where":"/tmp/r"}`},
		{"POST", "/api/v1/backup/console/execute", `{"command":"version"}`},
	} {
		status, body, err := c.Raw(context.Background(), call.method, call.path, call.body)
		if err != nil || status != 424 || !strings.Contains(string(body), `"tool-missing"`) || !strings.Contains(string(body), "bconsole is not installed") {
			t.Errorf("%s %s: %d %s %v", call.method, call.path, status, body, err)
		}
	}
}
