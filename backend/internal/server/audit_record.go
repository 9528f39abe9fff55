package server

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/audit"
)

var secretKey = regexp.MustCompile(`(?i)pass|secret|token|private|chap|key$`)

// audit records one request: who, what, with which parameters (secrets
// redacted, everything the caller chose bounded), and how it ended.
// Denials go to the trail's coalescing, everything else is written as is.
func (s *Server) audit(r *request, action string, resp response, took time.Duration) {
	rec := api.AuditRecord{
		Time: time.Now().UTC(), Action: action, Method: r.Method, Path: r.URL.Path,
		Status: resp.status(), DurationMS: float64(took.Microseconds()) / 1000,
	}
	if p := r.peer; p != nil {
		rec.UID, rec.User, rec.LoginUID, rec.PID = p.UID, p.User(), p.LoginUID, p.PID
	}
	if e, isErr := resp.(errorResponse); isErr {
		rec.Error = e.bounded().Message
	}
	rec.Params = auditParams(r)
	switch code := resp.status(); {
	case code < 400:
		rec.Result = "ok"
	case denial(code):
		rec.Result = "denied"
		s.Audit.Denied(rec)
		return
	default:
		rec.Result = "error"
	}
	s.Audit.Write(rec)
}

// denial: polkit said no or could not be asked, or the caller was
// refused for having been denied too often.
func denial(status int) bool {
	return status == http.StatusForbidden || status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests
}

func auditParams(r *request) map[string]any {
	params := map[string]any{}
	for k, v := range r.URL.Query() {
		params[k] = strings.Join(v, ",")
	}
	var body map[string]any
	if len(r.body) > 0 && len(r.body) <= 64<<10 && json.Unmarshal(r.body, &body) == nil {
		for k, v := range body {
			params[k] = v
		}
	}
	if len(r.notes) > 0 {
		// Through JSON, so redact and Bound see maps and slices only.
		var notes map[string]any
		if b, err := json.Marshal(r.notes); err == nil && json.Unmarshal(b, &notes) == nil {
			maps.Copy(params, notes)
		}
	}
	redact(params)
	if len(params) == 0 {
		return nil
	}
	return audit.Bound(params).(map[string]any)
}

func redact(m map[string]any) {
	for k, v := range m {
		if secretKey.MatchString(k) {
			m[k] = api.Redacted
			continue
		}
		redactIn(v)
	}
}

// redactIn follows objects and arrays (a list of users, each with a
// secret) down to every key.
func redactIn(v any) {
	switch x := v.(type) {
	case map[string]any:
		redact(x)
	case []any:
		for _, e := range x {
			redactIn(e)
		}
	}
}
