package api

import "time"

// Event types on GET /api/v1/events (newline-delimited JSON).
const (
	EventHello        = "hello"         // first line: the stream is open
	EventTaskState    = "task-state"    // Task holds the whole task
	EventTaskProgress = "task-progress" // Task holds id, state and progress
	EventTaskLog      = "task-log"      // Task holds the id, Log the new line
	EventAudit        = "audit"
	EventAlert        = "alert"    // Alert holds the alert as it is now (raised, changed, acknowledged, cleared)
	EventRevoked      = "revoked"  // last line: the caller lost org.bams.read
	EventOverflow     = "overflow" // last line: the reader fell too far behind
)

// Event is one line of the events stream.
type Event struct {
	Type  string       `json:"type"`
	Time  time.Time    `json:"time"`
	Task  *Task        `json:"task,omitempty"`
	Log   *LogLine     `json:"log,omitempty"`
	Audit *AuditRecord `json:"audit,omitempty"`
	Alert *Alert       `json:"alert,omitempty"`
}
