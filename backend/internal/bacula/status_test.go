package bacula

import (
	"errors"
	"testing"
	"time"
)

func TestParseStatusDirector(t *testing.T) {
	st := ParseStatus(recorded(t, "api2_status_dir.txt", "status dir"))
	if st.Name != "test-dir" || st.Version != "9.6.7 (10 December 2020)" || st.PID != 13352 || st.JobsRun != 5 ||
		st.Started != time.Unix(1795304625, 0) || st.Reloaded != time.Unix(1795304688, 0) {
		t.Errorf("header: %+v", st)
	}
	if len(st.Running) != 0 || len(st.Terminated) != 5 {
		t.Fatalf("running %d, terminated %d", len(st.Running), len(st.Terminated))
	}
	want := Job{JobID: 1, Job: "BackupData.2026-11-21_23.43.48_05", Name: "BackupData", Type: "B", Level: "F", Status: "T",
		StartTime: time.Unix(1795304630, 0), EndTime: time.Unix(1795304630, 0), Files: 9, Bytes: 1005022}
	if st.Terminated[0] != want {
		t.Errorf("\n got %+v\nwant %+v", st.Terminated[0], want)
	}
	// A restore's level is a blank.
	if r := st.Terminated[1]; r.Level != "" || r.Name != "RestoreFiles" {
		t.Errorf("restore: %+v", r)
	}
	if h := ParseStatus(recorded(t, "api2_dot_status_dir_header.txt", ".status dir header")); h.Name != "test-dir" || len(h.Terminated) != 0 {
		t.Errorf(".status dir header: %+v", h)
	}
	if term := ParseStatus(recorded(t, "api2_dot_status_dir_terminated.txt", ".status dir terminated")); len(term.Terminated) != 5 ||
		term.Terminated[4].Status.Word() != "canceled" || term.Name != "" {
		t.Errorf(".status dir terminated: %+v", term)
	}
}

func TestParseStatusDirectorRunning(t *testing.T) {
	want := Progress{JobID: 4, Job: "SlowBackup.2026-11-21_23.44.51_51", Name: "SlowBackup", Type: "B", Level: "F", Status: "R",
		Client: "test-fd", FileSet: "TestSet", Storage: "File", Started: time.Unix(1795304693, 0)}
	for file, command := range map[string]string{"running_api2_status_dir.txt": "status dir", "running_api2_dot_status_dir_running.txt": ".status dir running"} {
		st := ParseStatus(recorded(t, file, command))
		if len(st.Running) != 1 || st.Running[0] != want {
			t.Errorf("%s:\n got %+v\nwant %+v", file, st.Running, want)
		}
	}
}

func TestParseStatusClientRunning(t *testing.T) {
	st := ParseStatus(recorded(t, "running_api2_dot_status_client_running.txt", ".status client=test-fd running"))
	want := Progress{JobID: 5, Job: "SlowBackup.2026-11-21_23.45.04_02", Name: "SlowBackup", Type: "B", Level: "F", Status: "R",
		Started: time.Unix(1795304706, 0), Files: 8, Bytes: 136097, ReadBytes: 201633, BytesPerSec: 68048,
		File: "/tmp/bacula-work/w1/data/random.bin"}
	// The block after the job ("DirectorConnected=...") is no job.
	if len(st.Running) != 1 || st.Running[0] != want {
		t.Errorf("\n got %+v\nwant %+v", st.Running, want)
	}
	h := ParseStatus(recorded(t, "api2_dot_status_client_header.txt", ".status client=test-fd header"))
	if h.Name != "test-fd" || h.PID != 13351 || h.JobsRun != 5 {
		t.Errorf("client header: %+v", h)
	}
	term := ParseStatus(recorded(t, "api2_dot_status_client_terminated.txt", ".status client=test-fd terminated"))
	if len(term.Terminated) != 5 || term.Terminated[4].Bytes != 267169 || term.Terminated[4].Errors != 2 {
		t.Errorf("client terminated: %+v", term.Terminated)
	}
}

func TestParseStatusStorage(t *testing.T) {
	st := ParseStatus(recorded(t, "running_api2_dot_status_storage_running.txt", ".status storage=File running"))
	want := Progress{JobID: 5, Job: "SlowBackup.2026-11-21_23.45.04_02", Name: "SlowBackup", Type: "B", Level: "F", Status: "R",
		Started: time.Unix(1795304706, 0), Files: 8, Bytes: 268048, BytesPerSec: 134024,
		Volume: "Vol-0001", Pool: "FilePool", Device: "FileDev"}
	if len(st.Running) != 1 || st.Running[0] != want {
		t.Errorf("\n got %+v\nwant %+v", st.Running, want)
	}
	dev := ParseStatus(recorded(t, "api2_dot_status_storage_devices.txt", ".status storage=File devices"))
	wantDev := Device{Name: "FileDev", ArchiveDevice: "/tmp/bacula-work/w1/storage", Type: "File", MediaType: "File",
		Enabled: true, FreeSpace: 84116197376, TotalSpace: 270553174016}
	if len(dev.Devices) != 1 || dev.Devices[0] != wantDev {
		t.Errorf("devices:\n got %+v\nwant %+v", dev.Devices, wantDev)
	}
	// The storage daemon sends a stray byte between terminated jobs.
	term := ParseStatus(recorded(t, "api2_dot_status_storage_terminated.txt", ".status storage=File terminated"))
	if len(term.Terminated) != 5 || term.Terminated[2].Bytes != 214 {
		t.Errorf("storage terminated: %+v", term.Terminated)
	}
	if h := ParseStatus(recorded(t, "api2_dot_status_storage_header.txt", ".status storage=File header")); h.Name != "test-sd" {
		t.Errorf("storage header: %+v", h)
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		file, command string
		kind          Kind
	}{
		{"err_unknown_command.txt", "foobar", UnknownCommand},
		{"err_unknown_dotcommand.txt", ".foobar", UnknownCommand},
		{"err_show_job_nosuch.txt", "show job=NoSuchJob", NotFound},
		{"err_estimate_job_nosuch.txt", "estimate job=NoSuchJob", NotFound},
		{"err_run_job_nosuch.txt", "run job=NoSuchJob yes", NotFound},
		// The director names the error, then reports on another client.
		{"err_status_client_nosuch.txt", "status client=nosuch", NotFound},
		{"err_cancel_jobid_999.txt", "cancel jobid=999", NotRunning},
		{"err_bad_arg_list_foo.txt", "list foo", BadArgument},
		{"err_unknown_then_valid.txt", "version", ""},
		{"cancel_jobid5.txt", "cancel jobid=5", ""},
		{"list_joblog_jobid1.txt", "list joblog jobid=1", ""},
	} {
		err := classify(c.command, recorded(t, c.file, c.command))
		var e *Error
		switch {
		case c.kind == "" && err != nil:
			t.Errorf("%s: %v", c.file, err)
		case c.kind != "" && (!errors.As(err, &e) || e.Kind != c.kind):
			t.Errorf("%s: %v, want %s", c.file, err, c.kind)
		}
	}
}
