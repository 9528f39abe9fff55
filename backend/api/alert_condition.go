package api

import "time"

// AlertLevel orders alerts: info < warning < error < critical.
type AlertLevel string

const (
	AlertInfo     AlertLevel = "info"
	AlertWarning  AlertLevel = "warning"
	AlertError    AlertLevel = "error"
	AlertCritical AlertLevel = "critical"
)

// AlertCondition is one thing a feature's periodic check finds wrong now.
// Features report the conditions they see (a service's
// AlertConditions(ctx) ([]AlertCondition, error)); the alert engine raises an
// alert once a condition was found in enough consecutive checks and clears
// it when checks stop finding it, so a feature never keeps alert state.
//
// Class and Subject are the alert's identity: "repository r1 is 91% full"
// and "... 93% full" are one alert (class repository-usage, subject
// repository/r1) whose Level and Text change.
type AlertCondition struct {
	Class   string     `json:"class"`   // kebab-case, e.g. pool-health, drive-needs-cleaning
	Subject string     `json:"subject"` // kind/name of what it is about, e.g. pool/tank
	Level   AlertLevel `json:"level"`
	Text    string     `json:"text"`
}

// AlertState is where an alert is in its life: active (raised, nobody has
// answered), acknowledged (someone with org.bams.operate has seen it; it
// stays until its condition ends), cleared (its condition ended; history).
type AlertState string

const (
	AlertActive       AlertState = "active"
	AlertAcknowledged AlertState = "acknowledged"
	AlertCleared      AlertState = "cleared"
)

// AlertCheckFailed is the class of the alert a source raises about itself
// when its check fails (subject source/NAME): the conditions it reported
// before are then neither raised nor cleared, since nobody knows them.
const AlertCheckFailed = "check-failed"

// Alert is one condition the engine raised: its identity (Source, Class,
// Subject), what it says now (Level, Text: they follow the condition while
// it lasts) and its state.
type Alert struct {
	ID      string     `json:"id"`
	Source  string     `json:"source"` // the check that reports it: backups, tasks, bacula, storage, ...
	Class   string     `json:"class"`
	Subject string     `json:"subject"`
	Level   AlertLevel `json:"level"`
	Text    string     `json:"text"`
	State   AlertState `json:"state"`
	Raised  time.Time  `json:"raised"`
	// LastSeen is the last check that still found the condition.
	LastSeen     time.Time  `json:"last_seen"`
	Acknowledged *AlertAck  `json:"acknowledged,omitempty"`
	Cleared      *time.Time `json:"cleared,omitempty"`
}

// AlertAck says who acknowledged an alert, and when.
type AlertAck struct {
	By   Caller    `json:"by"`
	Time time.Time `json:"time"`
}

// AlertList answers GET /api/v1/alerts: a page, newest first, with the
// number of active alerts (whatever the filter) for a badge.
type AlertList struct {
	Alerts []Alert `json:"alerts"`
	Next   string  `json:"next,omitempty"`
	Active int     `json:"active"`
}

// Rank orders levels: info 1 ... critical 4, and 0 for an unknown one.
func (l AlertLevel) Rank() int {
	switch l {
	case AlertInfo:
		return 1
	case AlertWarning:
		return 2
	case AlertError:
		return 3
	case AlertCritical:
		return 4
	}
	return 0
}

// AlertChange says what happened to an alert (the engine's callback and a
// notification's event).
type AlertChange string

const (
	AlertRaised   AlertChange = "raised"
	AlertLeveled  AlertChange = "level-changed" // its level went up or down (its text with it)
	AlertReworded AlertChange = "text-changed"  // same level, new text ("91%" → "93% full")
	AlertAcked    AlertChange = "acknowledged"
	AlertEnded    AlertChange = "cleared"
)
