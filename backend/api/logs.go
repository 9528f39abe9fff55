package api

import "time"

// Services whose logs GET /api/v1/logs/{service} reads.
const (
	LogBamsd     = "bamsd"
	LogBaculaDir = "bacula-dir"
	LogBaculaSD  = "bacula-sd"
	LogBaculaFD  = "bacula-fd"
	LogISCSI     = "iscsi"
)

// LogEntry is one log line. Level is a syslog priority name (emerg, alert,
// crit, err, warning, notice, info, debug). Time is zero for a line of a
// log file that carries none BAMS can read. Secrets are redacted.
type LogEntry struct {
	Time    time.Time `json:"time,omitzero"`
	Level   string    `json:"level"`
	Ident   string    `json:"ident,omitempty"` // the program that wrote it (journald's SYSLOG_IDENTIFIER)
	PID     int       `json:"pid,omitempty"`
	Message string    `json:"message"`
}

// LogList answers GET /api/v1/logs/{service}: the newest matching entries,
// oldest first, and where they came from ("journald unit bams.service",
// "file /var/log/bacula/bacula.log").
type LogList struct {
	Service string     `json:"service"`
	Source  string     `json:"source"`
	Entries []LogEntry `json:"entries"`
	// Truncated: more lines matched than were read or returned.
	Truncated bool `json:"truncated,omitempty"`
}
