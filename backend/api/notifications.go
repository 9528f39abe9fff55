package api

import "time"

// Notification target kinds.
const (
	NotifyEmail   = "email"
	NotifyWebhook = "webhook"
)

// NotifyTarget is where alerts are sent: an email through an SMTP relay,
// or a webhook. It receives the alerts its matchers let through when they
// are raised, change level, and clear. Secrets (Email.Password,
// Webhook.Secret) are write-only: the API answers *_set instead.
type NotifyTarget struct {
	Name     string     `json:"name"`
	Kind     string     `json:"kind"` // email, webhook
	Enabled  bool       `json:"enabled"`
	MinLevel AlertLevel `json:"min_level"`         // alerts at this level and above ("" = info: all)
	Classes  []string   `json:"classes,omitempty"` // only alerts of these classes; none = all
	// Exactly one of these, as Kind says.
	Email   *EmailTarget   `json:"email,omitempty"`
	Webhook *WebhookTarget `json:"webhook,omitempty"`
	Created time.Time      `json:"created"`
	Updated time.Time      `json:"updated"`
}

// EmailTarget sends mail through an SMTP relay (submission, usually port
// 587): STARTTLS unless TLS is "none", then AUTH PLAIN when a user is set.
type EmailTarget struct {
	Relay string `json:"relay"` // host:port
	// TLS is "starttls" (default: refused if the relay does not offer it)
	// or "none" (a relay on this machine).
	TLS string `json:"tls"`
	// CAFile is a PEM file of the certificates to trust for the relay
	// ("" = the system's).
	CAFile   string   `json:"ca_file,omitempty"`
	From     string   `json:"from"`
	To       []string `json:"to"`
	Username string   `json:"username,omitempty"`
	// Password is write-only: sent to set it, never answered; an update
	// that leaves it out keeps the stored one.
	Password    string `json:"password,omitempty"`
	PasswordSet bool   `json:"password_set"`
}

// WebhookTarget POSTs a NotifyPayload as JSON. With a secret, the request
// carries X-BAMS-Signature: sha256=<hex HMAC-SHA256 of the body>.
type WebhookTarget struct {
	URL string `json:"url"` // http:// or https://
	// Secret is write-only, like EmailTarget.Password.
	Secret    string `json:"secret,omitempty"`
	SecretSet bool   `json:"secret_set"`
}

// NotifyPayload is what a webhook receives.
type NotifyPayload struct {
	Event  AlertChange `json:"event"` // raised, level-changed, cleared, or "test"
	Time   time.Time   `json:"time"`
	Target string      `json:"target"`
	Alert  Alert       `json:"alert"`
}

// NotifyTest is the event of a "send test" notification.
const NotifyTest AlertChange = "test"

// Notification is one message waiting in the retry queue: it stays until
// delivered, or until notifications.max_age has passed.
type Notification struct {
	ID          string      `json:"id"`
	Target      string      `json:"target"`
	Event       AlertChange `json:"event"`
	Alert       Alert       `json:"alert"`
	Created     time.Time   `json:"created"`
	Attempts    int         `json:"attempts"`
	NextAttempt time.Time   `json:"next_attempt"`
	LastError   string      `json:"last_error,omitempty"`
}

// NotifyTargetList answers GET /api/v1/notifications/targets.
type NotifyTargetList struct {
	Targets []NotifyTarget `json:"targets"`
}

// NotifyQueue answers GET /api/v1/notifications/queue: the oldest waiting
// notifications and how many wait in all.
type NotifyQueue struct {
	Notifications []Notification `json:"notifications"`
	Total         int            `json:"total"`
}

// NotifyTestResult answers POST /api/v1/notifications/targets/{name}/test.
type NotifyTestResult struct {
	Target string `json:"target"`
	Sent   bool   `json:"sent"`
	Error  string `json:"error,omitempty"`
}
