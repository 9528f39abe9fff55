package api

import "time"

// Sample is one point of a series the appliance keeps for its charts.
type Sample struct {
	Time  time.Time `json:"t"`
	Value float64   `json:"v"`
}

// Series is one measured figure over time, oldest first: raw points for
// two days, then hourly averages for 30 days, then daily ones for two
// years. Names: backup_root_used_bytes, backup_root_total_bytes, and
// backup_duration_seconds/HOST (one point per finished run).
type Series struct {
	Name   string   `json:"name"`
	Points []Sample `json:"points"`
}

// History answers GET /api/v1/dashboard/history.
type History struct {
	Series []Series `json:"series"`
}
