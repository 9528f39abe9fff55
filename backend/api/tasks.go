package api

import (
	"encoding/json"
	"time"
)

// TaskState is where a task is in its life.
type TaskState string

const (
	TaskQueued    TaskState = "queued"
	TaskRunning   TaskState = "running"
	TaskSucceeded TaskState = "succeeded"
	TaskFailed    TaskState = "failed"
	TaskCancelled TaskState = "cancelled"
)

// TaskStates lists every state, for validating filters.
func TaskStates() []TaskState {
	return []TaskState{TaskQueued, TaskRunning, TaskSucceeded, TaskFailed, TaskCancelled}
}

// Done reports whether the state is final.
func (s TaskState) Done() bool {
	return s == TaskSucceeded || s == TaskFailed || s == TaskCancelled
}

// Progress is a task's typed progress. Zero fields are unknown.
type Progress struct {
	BytesDone  int64   `json:"bytes_done,omitempty"`
	BytesTotal int64   `json:"bytes_total,omitempty"`
	Files      int64   `json:"files,omitempty"`
	FilesTotal int64   `json:"files_total,omitempty"`
	Percent    float64 `json:"percent"`
	Rate       float64 `json:"rate_bytes_per_second,omitempty"`
	ETASeconds int64   `json:"eta_seconds,omitempty"`
	Step       string  `json:"step,omitempty"` // what is happening now, in words
}

// Task is long work started through the API (202 + Location).
type Task struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Target   string          `json:"target,omitempty"`
	Action   string          `json:"action"` // the polkit action that started it; cancelling needs the same
	State    TaskState       `json:"state"`
	Progress Progress        `json:"progress"`
	Stalled  bool            `json:"stalled,omitempty"` // progress has not moved for the configured stall time
	Error    string          `json:"error,omitempty"`
	Result   json.RawMessage `json:"result,omitempty"` // kind-specific outcome (selfcheck: []ToolStatus)
	By       Caller          `json:"started_by"`
	Created  time.Time       `json:"created"`
	Started  *time.Time      `json:"started,omitempty"`
	Finished *time.Time      `json:"finished,omitempty"`
	// PGID is the process group of the task's child process while it runs;
	// recovery after a crash kills it. BootID and PGIDStart tell a live
	// group of ours from a recycled id.
	PGID      int       `json:"pgid,omitempty"`
	PGIDStart uint64    `json:"pgid_start,omitempty"`
	BootID    string    `json:"boot_id,omitempty"`
	Log       []LogLine `json:"log,omitempty"` // only in GET /tasks/{id}
}

// LogLine is one line of a task's log.
type LogLine struct {
	Time  time.Time `json:"time"`
	Level string    `json:"level"` // info, warn, error
	Text  string    `json:"text"`
}

// TaskList is a page of tasks, newest first. Next is the cursor of the
// following page ("" at the end).
type TaskList struct {
	Tasks []Task `json:"tasks"`
	Next  string `json:"next,omitempty"`
}
