package bacula

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Job is one job from the catalog (`list jobs`, `llist jobs`, `llist
// jobid=N`) or from a daemon's terminated list (`.api 2` status). Fields a
// source does not print stay zero.
type Job struct {
	JobID  int64
	Name   string // the Job resource ("BackupData")
	Job    string // the run's unique name ("BackupData.2026-11-21_23.43.48_05"): llist, status
	Type   string // one letter: B backup, R restore, V verify, D admin, C copy, M migrated ...
	Level  string // one letter: F full, I incremental, D differential, f virtual full ...; "" for a restore
	Status JobStatus
	Client string // llist ClientName; Bareos prints a client column in list too

	SchedTime, StartTime, EndTime, RealEndTime time.Time // zero while not yet reached

	Files, Bytes, ReadBytes int64
	Errors, MissingFiles    int64
	Pool, FileSet           string
	PriorJobID              int64
	PurgedFiles             bool
	Comment                 string
}

// ParseJobs reads `list jobs` and `llist jobs` / `llist jobid=N` (both
// Bacula's column names and Bareos's lower-case ones). Times are the
// director's local time, so its zone comes in as loc. "No results to
// list." gives no jobs.
func ParseJobs(reply string, loc *time.Location) []Job {
	var jobs []Job
	for _, r := range records(reply, "jobid", "name", "jobstatus") {
		if _, ok := r.fields["jobid"]; !ok {
			continue
		}
		jobs = append(jobs, Job{
			JobID:        r.int("jobid"),
			Name:         r.str("name"),
			Job:          r.str("job"),
			Type:         r.str("type"),
			Level:        strings.TrimSpace(r.str("level")),
			Status:       JobStatus(r.str("jobstatus")),
			Client:       r.str("clientname", "client"),
			SchedTime:    r.time(loc, "schedtime"),
			StartTime:    r.time(loc, "starttime"),
			EndTime:      r.time(loc, "endtime"),
			RealEndTime:  r.time(loc, "realendtime"),
			Files:        r.int("jobfiles"),
			Bytes:        r.int("jobbytes"),
			ReadBytes:    r.int("readbytes"),
			Errors:       r.int("joberrors"),
			MissingFiles: r.int("jobmissingfiles"),
			Pool:         r.str("poolname"),
			FileSet:      r.str("fileset"),
			PriorJobID:   r.int("priorjobid"),
			PurgedFiles:  r.bool("purgedfiles"),
			Comment:      r.str("comment"),
		})
	}
	return jobs
}

// ParseJobLog reads `list joblog jobid=N`: one entry per message, as the
// daemon wrote it ("test-dir JobId 1: ..."); the end-of-job report is one
// multi-line entry.
func ParseJobLog(reply string) []string {
	var log []string
	for _, r := range records(reply, "logtext") {
		log = append(log, r.fields["logtext"])
	}
	return log
}

// queued is run's answer: "Job queued. JobId=4".
var queued = regexp.MustCompile(`(?m)^Job queued\. JobId=(\d+)`)

// ParseJobQueued reads the JobId from `run ... yes`; ok is false when the
// reply holds none (the job was not started).
func ParseJobQueued(reply string) (jobID int64, ok bool) {
	m := queued.FindStringSubmatch(reply)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil
}

// JobStatus is the catalog's one-letter job status.
type JobStatus string

// statusDesc: a word for the API, the director's own description, and
// whether the job has ended.
type statusDesc struct {
	word, text string
	done       bool
}

// describe knows the letters of Bacula's jcr.h and the Bareos catalog
// documentation (the same set).
func describe(s JobStatus) (statusDesc, bool) {
	switch s {
	case "C":
		return statusDesc{"created", "Created, not yet running", false}, true
	case "R":
		return statusDesc{"running", "Running", false}, true
	case "B":
		return statusDesc{"blocked", "Blocked", false}, true
	case "T":
		return statusDesc{"ok", "Completed successfully", true}, true
	case "W":
		return statusDesc{"warnings", "Terminated with warnings", true}, true
	case "E":
		return statusDesc{"error", "Terminated with errors", true}, true
	case "e":
		return statusDesc{"non-fatal-error", "Non-fatal error", true}, true
	case "f":
		return statusDesc{"fatal", "Fatal error", true}, true
	case "D":
		return statusDesc{"differences", "Verify found differences", true}, true
	case "A":
		return statusDesc{"canceled", "Canceled by user", true}, true
	case "I":
		return statusDesc{"incomplete", "Incomplete job", true}, true
	case "L":
		return statusDesc{"committing", "Committing data", false}, true
	case "l":
		return statusDesc{"despooling", "Doing data despooling", false}, true
	case "q":
		return statusDesc{"queued", "Queued waiting for device", false}, true
	case "F":
		return statusDesc{"waiting-client", "Waiting for Client", false}, true
	case "S":
		return statusDesc{"waiting-storage-daemon", "Waiting for Storage daemon", false}, true
	case "m":
		return statusDesc{"waiting-new-media", "Waiting for new media", false}, true
	case "M":
		return statusDesc{"waiting-mount", "Waiting for media mount", false}, true
	case "s":
		return statusDesc{"waiting-storage", "Waiting for storage resource", false}, true
	case "j":
		return statusDesc{"waiting-job", "Waiting for job resource", false}, true
	case "c":
		return statusDesc{"waiting-client-resource", "Waiting for client resource", false}, true
	case "d":
		return statusDesc{"waiting-max-jobs", "Waiting on maximum jobs", false}, true
	case "t":
		return statusDesc{"waiting-start-time", "Waiting on start time", false}, true
	case "p":
		return statusDesc{"waiting-priority", "Waiting on higher priority jobs", false}, true
	case "i":
		return statusDesc{"inserting-attributes", "Doing batch insert file records", false}, true
	case "a":
		return statusDesc{"despooling-attributes", "SD despooling attributes", false}, true
	}
	return statusDesc{}, false
}

// Word is the status as one lower-case word for the API ("ok", "error",
// "fatal", "canceled", "running", "waiting-mount", ...); "unknown" for a
// letter this package does not know.
func (s JobStatus) Word() string {
	if d, ok := describe(s); ok {
		return d.word
	}
	return "unknown"
}

// Text is the director's description of the status.
func (s JobStatus) Text() string {
	if d, ok := describe(s); ok {
		return d.text
	}
	return "Unknown status " + strconv.Quote(string(s))
}

// Done reports whether the job has ended (successfully or not).
func (s JobStatus) Done() bool {
	d, _ := describe(s)
	return d.done
}

// OK reports whether the job ended successfully (with or without warnings).
func (s JobStatus) OK() bool { return s == "T" || s == "W" }
