package api

import "time"

// RetentionPolicy says which snapshots of a host retention keeps (body of
// PUT .../retention/policy and POST .../retention/plan). A zero count turns
// its rule off. Every rule keeps independently; a snapshot of the kinds
// the policy prunes is deleted only when no rule keeps it.
type RetentionPolicy struct {
	KeepLast    int `json:"keep_last"`
	KeepHourly  int `json:"keep_hourly"`
	KeepDaily   int `json:"keep_daily"`
	KeepWeekly  int `json:"keep_weekly"`
	KeepMonthly int `json:"keep_monthly"`
	KeepYearly  int `json:"keep_yearly"`
	// KeepWithin keeps every snapshot taken at most this long before now:
	// whole numbers of days, hours and minutes in that order ("7d", "36h",
	// "1d12h", "90m"); "" or "0" turns the rule off.
	KeepWithin string `json:"keep_within"`
	// Minimum keeps the N newest complete snapshots of any kind.
	Minimum int `json:"minimum"`
	// Kinds the policy prunes: scheduled, manual or all.
	Kinds string `json:"kinds"`
	// MaxDelete caps the deletions of one prune after a backup (0 = 10).
	MaxDelete int `json:"max_delete"`
}

// Where a host's effective retention policy comes from.
const (
	PolicyFromHost    = "host"     // the host's own policy
	PolicyFromDefault = "default"  // the global default an admin saved
	PolicyFromBuiltIn = "built-in" // no policy saved anywhere
)

// RetentionPolicyView answers GET/PUT of a retention policy.
type RetentionPolicyView struct {
	Policy RetentionPolicy `json:"policy"`
	// Source is host, default or built-in (see PolicyFrom*).
	Source string `json:"source"`
}

// RetentionPlan answers GET and POST /api/v1/hosts/{name}/retention/plan:
// what retention would do, and why, without doing anything.
type RetentionPlan struct {
	Host         string          `json:"host"`
	Kind         string          `json:"kind"` // the kinds planned for: scheduled, manual or all
	Policy       RetentionPolicy `json:"policy"`
	PolicySource string          `json:"policy_source"` // host, default, built-in or draft
	// AsOf is the moment planned for: now, or the as_of asked for.
	AsOf time.Time `json:"as_of"`
	// TimeZone is the appliance's zone, in which daily, weekly, ... buckets
	// and the dates in reasons are counted.
	TimeZone  string              `json:"time_zone"`
	Snapshots []RetentionDecision `json:"snapshots"` // newest first
	Keep      int                 `json:"keep"`
	Delete    int                 `json:"delete"`
	// FreedBytesEstimate sums the deleted snapshots' new_bytes: an
	// estimate, since hard links may keep data alive or free more.
	FreedBytesEstimate int64 `json:"freed_bytes_estimate"`
	// PlanToken identifies the decisions; apply refuses with 409 once the
	// snapshots or the policy no longer give the same ones.
	PlanToken string `json:"plan_token"`
}

// Retention verdicts.
const (
	RetentionKeep   = "keep"
	RetentionDelete = "delete"
)

// RetentionDecision is the verdict on one snapshot, with every reason.
type RetentionDecision struct {
	Name      string      `json:"name"`
	Kind      string      `json:"kind"`
	State     string      `json:"state"`
	Time      time.Time   `json:"time"` // when it was taken
	NewBytes  int64       `json:"new_bytes"`
	Base      string      `json:"base,omitempty"`
	Protected *Protection `json:"protected,omitempty"`
	Action    string      `json:"action"` // keep or delete
	Reasons   []string    `json:"reasons"`
}

// RetentionApply is the body of POST /api/v1/hosts/{name}/retention/apply.
type RetentionApply struct {
	Kind      string `json:"kind"`       // as in the plan ("" = the policy's kinds)
	PlanToken string `json:"plan_token"` // from the plan that was reviewed
	MaxDelete int    `json:"max_delete"` // refuse if the plan deletes more (1 or more)
}

// RetentionResult is the result of a retention task.
type RetentionResult struct {
	Host               string             `json:"host"`
	Kind               string             `json:"kind"`
	Deleted            []RetentionDeleted `json:"deleted"`
	Kept               int                `json:"kept"`
	FreedBytesEstimate int64              `json:"freed_bytes_estimate"`
	PlanToken          string             `json:"plan_token"`
}

// RetentionDeleted is one snapshot a retention task deleted.
type RetentionDeleted struct {
	Name    string   `json:"name"`
	State   string   `json:"state"`
	Reasons []string `json:"reasons"`
}

// RetentionSpaceRequest is the body of POST .../retention/space: the
// kinds of the plan whose deletions are measured ("" = the policy's).
type RetentionSpaceRequest struct {
	Kind string `json:"kind,omitempty"`
}

// RetentionSpace is the result of a space task: the exact space the
// current plan's deletions would free, measured on disk.
type RetentionSpace struct {
	Host      string   `json:"host"`
	Kind      string   `json:"kind"`
	PlanToken string   `json:"plan_token"` // the plan measured
	Snapshots []string `json:"snapshots"`  // the ones it deletes
	// FreedBytes counts the disk blocks of every folder, file and link in
	// those snapshots whose every hard link lies in them: what deleting
	// them gives back. FreedBytesEstimate is the plan's estimate beside it.
	FreedBytes         int64 `json:"freed_bytes"`
	FreedBytesEstimate int64 `json:"freed_bytes_estimate"`
	Entries            int64 `json:"entries"` // walked
}

// MarkRequest is the body of POST .../snapshots/{snap}/mark: the kind the
// snapshot counts as once complete (scheduled or manual).
type MarkRequest struct {
	Kind string `json:"kind"`
}

// ProtectRequest is the body of POST .../snapshots/{snap}/protect.
type ProtectRequest struct {
	Why string `json:"why"`
}
