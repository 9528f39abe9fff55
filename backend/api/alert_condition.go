package api

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
