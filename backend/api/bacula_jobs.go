package api

import "time"

// BaculaRun is one run of a Bacula job as the catalog recorded it (a row of
// `llist jobs`), kept in BAMS's job index. Status is the catalog status as
// a word (BaculaJobStatus*), StatusCode the catalog's letter.
type BaculaRun struct {
	JobID      int64      `json:"jobid"`
	Name       string     `json:"name"`          // the Job resource
	Job        string     `json:"job,omitempty"` // the run's unique name
	Type       string     `json:"type"`          // B backup, R restore, V verify, D admin, C copy ...
	Level      string     `json:"level,omitempty"`
	Status     string     `json:"status"`
	StatusCode string     `json:"status_code"`
	StatusText string     `json:"status_text"`
	Done       bool       `json:"done"` // the run has ended (its status is final)
	Client     string     `json:"client,omitempty"`
	Pool       string     `json:"pool,omitempty"`
	FileSet    string     `json:"fileset,omitempty"`
	Scheduled  *time.Time `json:"scheduled,omitempty"`
	Started    *time.Time `json:"started,omitempty"`
	Ended      *time.Time `json:"ended,omitempty"`
	Duration   float64    `json:"duration_seconds,omitempty"`
	Files      int64      `json:"files"`
	Bytes      int64      `json:"bytes"`
	Errors     int64      `json:"errors"`
	// Purged: the run is no longer in the catalog (pruned or purged); the
	// record keeps what was last seen.
	Purged bool `json:"purged,omitempty"`
}

// Catalog status words a client may filter on (the letters' meanings, see
// docs/api.md); "running" covers every not-yet-ended letter.
const (
	BaculaStatusOK       = "ok"
	BaculaStatusWarnings = "warnings"
	BaculaStatusError    = "error"
	BaculaStatusFatal    = "fatal"
	BaculaStatusCanceled = "canceled"
	BaculaStatusRunning  = "running"
)

// BaculaRunList is a page of GET /api/v1/backup/history.
type BaculaRunList struct {
	Runs []BaculaRun `json:"runs"`
	Next string      `json:"next,omitempty"`
	// IndexUpdated is when the index last caught up with the catalog.
	IndexUpdated *time.Time `json:"index_updated,omitempty"`
}

// BaculaRunDetail is GET /api/v1/backup/history/{jobid}: the run and its log.
type BaculaRunDetail struct {
	BaculaRun
	Log []string `json:"log"`
}

// BaculaJob is a Job resource of the director with its last and next run.
type BaculaJob struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // B backup, R restore ...
	Level    string `json:"level,omitempty"`
	Client   string `json:"client,omitempty"`
	FileSet  string `json:"fileset,omitempty"`
	Schedule string `json:"schedule,omitempty"`
	Pool     string `json:"pool,omitempty"`
	Storage  string `json:"storage,omitempty"`
	Enabled  bool   `json:"enabled"`
	// Managed: BAMS wrote this job's resource file.
	Managed bool `json:"managed"`
	// Status is the last run's status word, "never-run" without one.
	Status  string     `json:"status"`
	LastRun *BaculaRun `json:"last_run,omitempty"`
	NextRun *time.Time `json:"next_run,omitempty"`
}

// BaculaJobList is a page of GET /api/v1/backup/jobs.
type BaculaJobList struct {
	Jobs []BaculaJob `json:"jobs"`
	Next string      `json:"next,omitempty"`
}

// BaculaJobDetail is GET /api/v1/backup/jobs/{name}.
type BaculaJobDetail struct {
	BaculaJob
	// Config is the director's `show job=NAME`, passwords redacted.
	Config     string         `json:"config"`
	History    []BaculaRun    `json:"history"` // newest first, at most 50
	Statistics BaculaJobStats `json:"statistics"`
}

// BaculaJobStats summarize a job's runs in the index.
type BaculaJobStats struct {
	Runs           int        `json:"runs"`
	Succeeded      int        `json:"succeeded"`
	Failed         int        `json:"failed"`
	Bytes          int64      `json:"bytes"`
	Files          int64      `json:"files"`
	LastSuccess    *time.Time `json:"last_success,omitempty"`
	AverageSeconds float64    `json:"average_duration_seconds"`
}

// BaculaJobCreate is POST /api/v1/backup/jobs: a backup Job resource.
// Client, FileSet, Schedule, Pool, Storage and Messages must exist in the
// director; Schedule may be empty (run by hand only).
type BaculaJobCreate struct {
	Name     string `json:"name"`
	Client   string `json:"client"`
	FileSet  string `json:"fileset"`
	Schedule string `json:"schedule,omitempty"`
	Pool     string `json:"pool"`
	Storage  string `json:"storage,omitempty"`  // default: the director's first storage
	Level    string `json:"level,omitempty"`    // Full, Incremental (default), Differential
	Messages string `json:"messages,omitempty"` // default: "Standard" if defined, else the first
	// MaximumBandwidth limits the job's transfer, e.g. "100 kb/s".
	MaximumBandwidth string `json:"maximum_bandwidth,omitempty"`
}

// BaculaJobResources answers GET /api/v1/backup/resources: the names of
// the director's resources a job can reference, as the director lists them.
type BaculaJobResources struct {
	Clients   []string `json:"clients"`
	FileSets  []string `json:"filesets"`
	Schedules []string `json:"schedules"`
	Pools     []string `json:"pools"`
	Storages  []string `json:"storages"`
	Messages  []string `json:"messages"`
}

// BaculaJobRun is the optional body of POST /api/v1/backup/jobs/{name}/run.
type BaculaJobRun struct {
	Level string `json:"level,omitempty"` // Full, Incremental, Differential
}

// BaculaRestore is POST /api/v1/backup/history/{jobid}/restore: every file
// of the run, to Client (default: the run's own) under Where.
type BaculaRestore struct {
	Client string `json:"client,omitempty"`
	Where  string `json:"where"`
}

// BaculaJobResult is the result of a task following a Bacula job (a run
// or a restore): the job id is recorded as soon as the director queues it.
type BaculaJobResult struct {
	JobID  int64  `json:"jobid"`
	Status string `json:"status,omitempty"` // the final status word
	Files  int64  `json:"files,omitempty"`
	Bytes  int64  `json:"bytes,omitempty"`
}

// BaculaCancel is the answer of POST /api/v1/backup/history/{jobid}/cancel.
type BaculaCancel struct {
	JobID   int64  `json:"jobid"`
	Message string `json:"message"` // the director's words
}

// BaculaDashboardStats is GET /api/v1/backup/dashboard/stats.
type BaculaDashboardStats struct {
	TotalJobs   int `json:"total_jobs"`   // Job resources in the director
	RunningJobs int `json:"running_jobs"` // runs not yet ended
	// SuccessRate24h and SuccessRate7d: ended runs that ended ok or with
	// warnings, as a percentage; null when none ended in the window.
	SuccessRate24h *float64 `json:"success_rate_24h"`
	SuccessRate7d  *float64 `json:"success_rate_7d"`
	Runs24h        int      `json:"runs_24h"`
	Runs7d         int      `json:"runs_7d"`
	// BytesBackedUp: the bytes of every successful backup run in the catalog.
	BytesBackedUp int64 `json:"bytes_backed_up"`
	Bytes24h      int64 `json:"bytes_24h"`
}

// BaculaConsoleCommand is POST /api/v1/backup/console/execute.
type BaculaConsoleCommand struct {
	Command string `json:"command"`
}

// BaculaConsoleReply is the console's answer, passwords redacted.
type BaculaConsoleReply struct {
	Command string `json:"command"`
	Output  string `json:"output"`
}

// BaculaReconcile is the answer of POST /api/v1/backup/history/reconcile.
type BaculaReconcile struct {
	Catalog int `json:"catalog"` // jobs in the catalog
	Indexed int `json:"indexed"` // records in the index before
	Added   int `json:"added"`
	Updated int `json:"updated"`
	Purged  int `json:"purged"` // indexed jobs no longer in the catalog
}
