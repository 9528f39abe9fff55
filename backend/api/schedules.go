package api

import "time"

// Schedule is when a host is backed up by the scheduler inside bamsd.
type Schedule struct {
	Host string `json:"host"`
	// Cron is a five-field cron expression (minute hour day month weekday)
	// or a descriptor (@daily, @hourly, @every 6h), in the appliance's time zone.
	Cron    string `json:"cron"`
	Enabled bool   `json:"enabled"`
	// Prune applies the host's retention policy after each successful
	// scheduled backup (never after a failed one).
	Prune bool `json:"prune"`
	// LastSlot is the last scheduled time handled (run, or skipped while
	// the host was busy); NextRun the next one. Read-only.
	LastSlot *time.Time `json:"last_slot,omitempty"`
	NextRun  *time.Time `json:"next_run,omitempty"`
}

// ScheduleList answers GET /api/v1/schedules.
type ScheduleList struct {
	Schedules []Schedule `json:"schedules"`
	TimeZone  string     `json:"time_zone"`
}
