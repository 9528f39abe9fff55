package api

// Health answers GET /api/v1/health.
type Health struct {
	Status  string `json:"status"` // "ok"
	Version string `json:"version"`
	Uptime  int64  `json:"uptime_seconds"`
}

// Me answers GET /api/v1/me: who the daemon sees and what polkit grants them.
type Me struct {
	UID      uint32          `json:"uid"`
	User     string          `json:"user"`
	Groups   []string        `json:"groups"`
	LoginUID *uint32         `json:"loginuid,omitempty"` // the human behind the process, from /proc/PID/loginuid
	Actions  map[string]bool `json:"actions"`            // every action id -> allowed
	// Unavailable is set when polkit could not be asked: every non-root action is then denied.
	Unavailable string `json:"polkit_unavailable,omitempty"`
}

// Caller identifies who did something, in tasks and audit records.
type Caller struct {
	UID      uint32  `json:"uid"`
	User     string  `json:"user"`
	LoginUID *uint32 `json:"loginuid,omitempty"`
	PID      int32   `json:"pid"`
}
