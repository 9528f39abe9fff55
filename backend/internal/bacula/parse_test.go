package bacula

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// recorded returns the reply to command in a recorded bconsole transcript
// (testdata/README.md names the commands): what follows bconsole's last
// echo of it, cleaned as a Session cleans a reply.
func recorded(t *testing.T, file, command string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i] == command {
			return replyText(command, chunk{lines: lines[i:]})
		}
	}
	t.Fatalf("%s: no echo of %q", file, command)
	return ""
}

func date(s string) time.Time {
	t, err := time.ParseInLocation(time.DateTime, s, time.UTC)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseJobsList(t *testing.T) {
	jobs := ParseJobs(recorded(t, "list_jobs.txt", "list jobs"), time.UTC)
	want := []Job{
		{JobID: 1, Name: "BackupData", StartTime: date("2026-11-21 23:43:50"), Type: "B", Level: "F", Files: 9, Bytes: 1005022, Status: "T"},
		{JobID: 2, Name: "RestoreFiles", StartTime: date("2026-11-21 23:43:56"), Type: "R", Level: "F", Files: 9, Bytes: 1005022, Status: "T"},
	}
	if len(jobs) != len(want) {
		t.Fatalf("got %d jobs: %+v", len(jobs), jobs)
	}
	for i := range want {
		if jobs[i] != want[i] {
			t.Errorf("job %d:\n got %+v\nwant %+v", i, jobs[i], want[i])
		}
	}

	running := ParseJobs(recorded(t, "running_list_jobs.txt", "list jobs"), time.UTC)
	if len(running) != 4 || running[3].Status != "R" || running[3].Status.Word() != "running" || running[3].Status.Done() {
		t.Errorf("running list: %+v", running)
	}
	// "list jobs jobid=abc" ignores the bad value and lists them all.
	all := ParseJobs(recorded(t, "err_bad_arg_list_jobs_jobid_abc.txt", "list jobs jobid=abc"), time.UTC)
	if len(all) != 5 || all[4].Status.Word() != "canceled" || !all[4].Status.Done() || all[4].Status.OK() {
		t.Errorf("all jobs: %+v", all)
	}
	if got := ParseJobs(recorded(t, "list_jobs_filtered.txt", "list jobs jobstatus=T limit=2"), time.UTC); len(got) != 2 {
		t.Errorf("filtered: %+v", got)
	}
}

func TestParseJobsLong(t *testing.T) {
	jobs := ParseJobs(recorded(t, "llist_jobs.txt", "llist jobs"), time.UTC)
	if len(jobs) != 2 {
		t.Fatalf("got %d jobs", len(jobs))
	}
	want := Job{JobID: 1, Name: "BackupData", Job: "BackupData.2026-11-21_23.43.48_05", Type: "B", Level: "F", Status: "T",
		Client: "test-fd", SchedTime: date("2026-11-21 23:43:48"), StartTime: date("2026-11-21 23:43:50"),
		EndTime: date("2026-11-21 23:43:50"), RealEndTime: date("2026-11-21 23:43:50"),
		Files: 9, Bytes: 1005022, ReadBytes: 1005022, Pool: "FilePool", FileSet: "TestSet"}
	if jobs[0] != want {
		t.Errorf("\n got %+v\nwant %+v", jobs[0], want)
	}
	// A restore has no pool: the catalog prints NULL.
	if jobs[1].Pool != "" || jobs[1].FileSet != "" || jobs[1].Type != "R" {
		t.Errorf("restore job: %+v", jobs[1])
	}
	if one := ParseJobs(recorded(t, "llist_jobid1.txt", "llist jobid=1"), time.UTC); len(one) != 1 || one[0] != want {
		t.Errorf("llist jobid=1: %+v", one)
	}
	run := ParseJobs(recorded(t, "running_llist_jobid4.txt", "llist jobid=4"), time.UTC)
	if len(run) != 1 || run[0].Status != "R" || !run[0].EndTime.IsZero() || run[0].StartTime.IsZero() {
		t.Errorf("running llist: %+v", run)
	}
	last := ParseJobs(recorded(t, "llist_jobs_limit1_desc.txt", "llist jobs order=desc limit=1"), time.UTC)
	if len(last) != 1 || last[0].JobID != 7 || last[0].Files != 10 {
		t.Errorf("llist limit 1: %+v", last)
	}
	// The director's zone comes in as loc.
	berlin := time.FixedZone("CET", 3600)
	if got := ParseJobs(recorded(t, "llist_jobid1.txt", "llist jobid=1"), berlin); got[0].StartTime.UTC() != date("2026-11-21 22:43:50") {
		t.Errorf("start time in CET: %v", got[0].StartTime)
	}
}

func TestNoResults(t *testing.T) {
	for file, command := range map[string]string{"err_llist_jobid_999.txt": "llist jobid=999", "err_list_files_jobid_999.txt": "list files jobid=999"} {
		reply := recorded(t, file, command)
		if err := classify(command, reply); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		if jobs := ParseJobs(reply, time.UTC); len(jobs) != 0 {
			t.Errorf("%s: %v", file, jobs)
		}
	}
}

func TestParseVolumes(t *testing.T) {
	want := Volume{MediaID: 1, Name: "Vol-0001", Pool: "FilePool", Status: "Append", Enabled: true, Bytes: 1007558,
		Retention: 365 * 24 * time.Hour, Recycle: true, MediaType: "File", ExpiresIn: 31535957 * time.Second,
		LastWritten: date("2026-11-21 23:43:50")}
	for file, command := range map[string]string{"list_volumes.txt": "list volumes", "list_media.txt": "list media"} {
		vols := ParseVolumes(recorded(t, file, command), time.UTC)
		if len(vols) != 1 || vols[0] != want {
			t.Errorf("%s:\n got %+v\nwant %+v", file, vols, want)
		}
	}
	long := ParseVolumes(recorded(t, "llist_volumes.txt", "llist volumes"), time.UTC)
	want.FirstWritten, want.LabelDate = date("2026-11-21 23:43:50"), date("2026-11-21 23:43:50")
	want.Jobs, want.Blocks, want.Mounts, want.Writes, want.MaxBytes = 1, 16, 1, 17, 1073741824
	if len(long) != 1 || long[0] != want {
		t.Errorf("llist volumes:\n got %+v\nwant %+v", long, want)
	}
}

func TestParsePools(t *testing.T) {
	want := Pool{PoolID: 1, Name: "FilePool", Type: "Backup", NumVols: 1, MaxVols: 100, MaxVolBytes: 1073741824,
		Retention: 365 * 24 * time.Hour, Enabled: true, LabelFormat: "Vol-"}
	if got := ParsePools(recorded(t, "list_pools.txt", "list pools")); len(got) != 1 || got[0] != want {
		t.Errorf("list pools:\n got %+v\nwant %+v", got, want)
	}
	want.AutoPrune, want.Recycle = true, true
	if got := ParsePools(recorded(t, "llist_pools.txt", "llist pools")); len(got) != 1 || got[0] != want {
		t.Errorf("llist pools:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseClients(t *testing.T) {
	want := Client{ClientID: 1, Name: "test-fd", FileRetention: 60 * 24 * time.Hour, JobRetention: 180 * 24 * time.Hour}
	if got := ParseClients(recorded(t, "list_clients.txt", "list clients")); len(got) != 1 || got[0] != want {
		t.Errorf("got %+v want %+v", got, want)
	}
}

func TestParseJobLog(t *testing.T) {
	log := ParseJobLog(recorded(t, "list_joblog_jobid1.txt", "list joblog jobid=1"))
	if len(log) != 13 {
		t.Fatalf("got %d entries: %q", len(log), log)
	}
	if log[0] != "test-dir JobId 1: Start Backup JobId 1, Job=BackupData.2026-11-21_23.43.48_05" {
		t.Errorf("first: %q", log[0])
	}
	if !strings.HasPrefix(log[7], "test-dir JobId 1: Bacula test-dir 9.6.7") || !strings.Contains(log[7], "\n  Termination:            Backup OK") {
		t.Errorf("report: %q", log[7])
	}
	if log[12] != "test-dir JobId 1: End auto prune." {
		t.Errorf("last: %q", log[12])
	}
}

func TestParseNames(t *testing.T) {
	for _, c := range []struct {
		file, command string
		want          []string
	}{
		{"dot_jobs.txt", ".jobs", []string{"BackupData", "RestoreFiles"}},
		{"dot_jobs_after_reload.txt", ".jobs", []string{"BackupData", "RestoreFiles", "SlowBackup"}},
		{"dot_clients.txt", ".clients", []string{"test-fd"}},
		{"dot_pools.txt", ".pools", []string{"FilePool"}},
		{"dot_filesets.txt", ".filesets", []string{"TestSet"}},
		{"dot_storage.txt", ".storage", []string{"File"}},
		{"dot_schedule.txt", ".schedule", []string{"Nightly"}},
		{"dot_msgs.txt", ".msgs", []string{"Standard", "Daemon"}},
	} {
		if got := ParseNames(recorded(t, c.file, c.command)); strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: %q", c.file, got)
		}
	}
}

func TestParseJobQueued(t *testing.T) {
	if id, ok := ParseJobQueued(recorded(t, "run_job_nowait.txt", "run job=SlowBackup yes")); !ok || id != 4 {
		t.Errorf("got %d %v", id, ok)
	}
	if id, ok := ParseJobQueued(recorded(t, "run_job_nowait2.txt", "run job=SlowBackup yes")); !ok || id != 5 {
		t.Errorf("got %d %v", id, ok)
	}
	if _, ok := ParseJobQueued(recorded(t, "err_run_job_nosuch.txt", "run job=NoSuchJob yes")); ok {
		t.Error("queued from an error")
	}
}

func TestJobStatusWords(t *testing.T) {
	for letter, word := range map[JobStatus]string{"T": "ok", "E": "error", "f": "fatal", "A": "canceled", "R": "running",
		"C": "created", "W": "warnings", "e": "non-fatal-error", "M": "waiting-mount", "?": "unknown"} {
		if got := letter.Word(); got != word {
			t.Errorf("%s: %s, want %s", letter, got, word)
		}
	}
	if JobStatus("E").Text() != "Terminated with errors" || !JobStatus("E").Done() || JobStatus("E").OK() || !JobStatus("W").OK() {
		t.Error("E/W")
	}
}
