package api

import "time"

// AuditRecord is one mutating request, as it was asked and answered.
// Records are append-only: no route changes or deletes them. Every string
// a caller chose is bounded (cut with a "…[N bytes]" marker).
type AuditRecord struct {
	Seq        uint64         `json:"seq"`
	Time       time.Time      `json:"time"`
	UID        uint32         `json:"uid"`
	User       string         `json:"user"`
	LoginUID   *uint32        `json:"loginuid,omitempty"`
	PID        int32          `json:"pid"`
	Action     string         `json:"action"`
	Method     string         `json:"method"`
	Path       string         `json:"path"`
	Params     map[string]any `json:"params,omitempty"` // query and body, secrets redacted
	Status     int            `json:"status"`
	Result     string         `json:"result"` // ok, denied, error
	Error      string         `json:"error,omitempty"`
	DurationMS float64        `json:"duration_ms"`
	// Count, on a record that stands for a caller's repeated denials (the
	// audit.denial_window after its first one), is how many there were,
	// from Since to Time; the other fields are the last one's.
	Count int        `json:"count,omitempty"`
	Since *time.Time `json:"since,omitempty"`
}

// AuditList is a page of audit records, newest first.
type AuditList struct {
	Records []AuditRecord `json:"records"`
	Next    string        `json:"next,omitempty"`
}
