package api

import "fmt"

// ErrorKind is the machine-readable class of an API error. The set is closed:
// clients switch on it, so add a kind here (and to docs/api.md) before using it.
type ErrorKind string

const (
	KindBadRequest          ErrorKind = "bad-request"          // 400: malformed or invalid input; nothing changed
	KindNotFound            ErrorKind = "not-found"            // 404
	KindConflict            ErrorKind = "conflict"             // 409: state does not allow it
	KindBusy                ErrorKind = "busy"                 // 409: the target is locked by running work
	KindPermissionDenied    ErrorKind = "permission-denied"    // 403: polkit said no
	KindPolkitUnavailable   ErrorKind = "polkit-unavailable"   // 503: polkit cannot be asked; denied (fail closed)
	KindTooManyConnections  ErrorKind = "too-many-connections" // 503: per-uid connection cap reached
	KindBodyTooLarge        ErrorKind = "body-too-large"       // 413
	KindURITooLong          ErrorKind = "uri-too-long"         // 414: the request's path and query are too long
	KindTooManyRequests     ErrorKind = "too-many-requests"    // 429: the caller was denied too often; wait
	KindMethodNotAllowed    ErrorKind = "method-not-allowed"   // 405
	KindToolMissing         ErrorKind = "tool-missing"         // 424: an external tool is not installed
	KindToolFailed          ErrorKind = "tool-failed"          // 502: an external tool exited with an error
	KindDirectorUnreachable ErrorKind = "director-unreachable" // 503: the Bacula director does not answer
	KindTimeout             ErrorKind = "timeout"              // 504: an external tool did not answer in time
	KindStopping            ErrorKind = "stopping"             // 503: bamsd is shutting down; nothing was started
	KindInternal            ErrorKind = "internal"             // 500
)

// Error is the one error body: {"error":{...}}.
type Error struct {
	Kind    ErrorKind `json:"kind"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`  // the offending input, for bad-request
	Action  string    `json:"action,omitempty"` // the polkit action, for permission-denied
	Group   string    `json:"group,omitempty"`  // the group that grants Action under the shipped rules
	TaskID  string    `json:"task_id,omitempty"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Kind, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

// ErrorBody wraps Error as it travels on the wire.
type ErrorBody struct {
	Error *Error `json:"error"`
}
