package bacula

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/internal/execx"
)

// Status is what a daemon reports about itself in `.api 2` mode: `status
// dir`, `.status dir header|running|terminated`, `.status client=NAME
// header|running|terminated`, `.status storage=NAME
// header|running|terminated|devices`. Only `.api 2` gives key=value
// blocks; plain `status` is prose for people.
type Status struct {
	Name, Version, Uname string
	PID                  int64
	Started, Reloaded    time.Time
	JobsRun, JobsRunning int64

	Running    []Progress
	Terminated []Job
	Devices    []Device
}

// Progress is a running job as a daemon sees it. The director knows the
// job's names and where it runs but counts no bytes while it runs (its
// jobbytes stays 0); the client (`.status client=X running`) and the
// storage daemon (`.status storage=X running`) count files and bytes.
type Progress struct {
	JobID       int64
	Job, Name   string
	Type, Level string
	Status      JobStatus
	Client      string // director
	FileSet     string // director
	Storage     string // director
	Started     time.Time
	Files       int64
	Bytes       int64
	ReadBytes   int64 // client
	BytesPerSec int64 // client: average; storage daemon: last interval
	Errors      int64
	File        string // client: the file being read
	Volume      string // storage daemon: the volume being written
	Pool        string // storage daemon
	Device      string // storage daemon
}

// Device is one storage daemon device (`.status storage=X devices`).
type Device struct {
	Name, ArchiveDevice, Type, MediaType string
	Open, Mounted, Blocked, Enabled      bool
	Writers                              int64
	Volume, Pool                         string
	FreeSpace, TotalSpace, Bytes         int64
}

// ParseStatus reads one `.api 2` status reply. Sections are labelled
// "header:", "running:", "terminated:" by the director; the client's and
// storage daemon's `running` and `devices` replies have no label, so an
// unlabelled block is told by its keys. Lines that are not key=value
// ("No Jobs running.", "====", stray bytes the storage daemon sends between
// terminated jobs) are skipped. Keys are matched case-insensitively (the
// client prints "JobId", the director "jobid").
func ParseStatus(reply string) Status {
	var st Status
	section := ""
	block := map[string]string{}
	flush := func() {
		if len(block) > 0 {
			st.add(section, block)
		}
		block = map[string]string{}
	}
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case statusSection.MatchString(line):
			flush()
			section = strings.TrimSuffix(line, ":")
		case strings.TrimSpace(line) == "":
			flush()
		default:
			if k, v, ok := strings.Cut(line, "="); ok && statusKey.MatchString(k) {
				block[strings.ToLower(k)] = strings.TrimSpace(v)
			}
		}
	}
	flush()
	return st
}

var (
	statusSection = regexp.MustCompile(`^(header|running|terminated|scheduled):$`)
	statusKey     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_/ ]*$`)
)

func (st *Status) add(section string, f map[string]string) {
	r := record{fields: f}
	_, hasJobID := f["jobid"]
	_, isDevice := f["archive_device"]
	switch {
	case section == "header":
		st.Name, st.Version, st.Uname = r.str("name"), r.str("version"), r.str("uname")
		st.PID = r.int("pid")
		st.Started, st.Reloaded = r.epoch("started_epoch"), r.epoch("reloaded_epoch")
		st.JobsRun, st.JobsRunning = r.int("jobs_run"), r.int("jobs_running")
	case hasJobID && section == "terminated":
		st.Terminated = append(st.Terminated, Job{
			JobID: r.int("jobid"), Job: r.str("job"), Name: jobName(r), Type: r.str("type"),
			Level: strings.TrimSpace(r.str("level")), Status: JobStatus(r.str("status")),
			StartTime: r.epoch("starttime_epoch"), EndTime: r.epoch("endtime_epoch"),
			Files: r.int("jobfiles"), Bytes: r.int("jobbytes"), Errors: r.int("errors"),
		})
	case hasJobID && (section == "running" || section == ""):
		p := Progress{
			JobID: r.int("jobid"), Job: r.str("job"), Name: jobName(r), Type: r.str("type"),
			Level: strings.TrimSpace(r.str("level")), Status: JobStatus(r.str("status")),
			Client: r.str("clientname"), FileSet: r.str("fileset"), Storage: r.str("storage"),
			Started: r.epoch("starttime_epoch"),
			Files:   r.int("jobfiles"), Bytes: r.int("jobbytes"), ReadBytes: r.int("readbytes"),
			BytesPerSec: r.int("bytes/sec", "lastbytes_sec", "avebytes_sec"),
			Errors:      r.int("errors"), File: r.str("processing file"),
			Volume: r.str("write_volume", "read_volume"), Pool: r.str("write_pool", "read_pool"),
			Device: r.str("write_device", "read_device"),
		}
		st.Running = append(st.Running, p)
	case section == "" && isDevice:
		st.Devices = append(st.Devices, Device{
			Name: r.str("name"), ArchiveDevice: r.str("archive_device"), Type: r.str("type"),
			MediaType: r.str("media_type"), Open: r.bool("open"), Mounted: r.bool("mounted"),
			Blocked: r.bool("blocked"), Enabled: r.bool("enabled"), Writers: r.int("writers"),
			Volume: r.str("volume"), Pool: r.str("pool"), FreeSpace: r.int("free_space"),
			TotalSpace: r.int("total_space"), Bytes: r.int("bytes"),
		})
	}
}

// jobName is the Job resource's name: the director's terminated list has
// no "name", so it is cut from the unique job name "NAME.YYYY-MM-DD_...".
func jobName(r record) string {
	if n := r.str("name"); n != "" {
		return n
	}
	return uniqueJobSuffix.ReplaceAllString(r.str("job"), "")
}

var uniqueJobSuffix = regexp.MustCompile(`\.\d{4}-\d\d-\d\d_\d\d\.\d\d\.\d\d_\d+$`)

// epoch reads a *_epoch field (seconds since 1970, so no time zone
// question); 0 or absent is the zero time.
func (r record) epoch(key string) time.Time {
	n, err := strconv.ParseInt(r.str(key), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// DaemonStatus asks one daemon for its `.api 2` status through a one-shot
// bconsole (never a shared Session: gotcha G5). daemon is "dir",
// "client=NAME" or "storage=NAME". A client or storage daemon that does
// not answer fails its commands with the director's error text.
func DaemonStatus(ctx context.Context, r *execx.Runner, cfg Config, daemon string) (Status, error) {
	parts := []string{"header", "running", "terminated"}
	kind, name, hasName := strings.Cut(daemon, "=")
	switch {
	case kind == "dir" && !hasName:
	case (kind == "client" || kind == "storage") && ValidName(name):
		if kind == "storage" {
			parts = append(parts, "devices")
		}
	default:
		return Status{}, &Error{Kind: BadCommand, Command: ".status " + daemon, Detail: `want "dir", "client=NAME" or "storage=NAME"`}
	}
	commands := []string{".api 2"}
	for _, p := range parts {
		commands = append(commands, ".status "+daemon+" "+p)
	}
	replies, err := Run(ctx, r, cfg, commands...)
	var st Status
	for _, reply := range replies {
		part := ParseStatus(reply)
		if part.Name != "" {
			st.Name, st.Version, st.Uname, st.PID = part.Name, part.Version, part.Uname, part.PID
			st.Started, st.Reloaded, st.JobsRun, st.JobsRunning = part.Started, part.Reloaded, part.JobsRun, part.JobsRunning
		}
		st.Running = append(st.Running, part.Running...)
		st.Terminated = append(st.Terminated, part.Terminated...)
		st.Devices = append(st.Devices, part.Devices...)
	}
	return st, err
}
