package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"bams/backend/api"
	"bams/backend/internal/audit"
)

// response is what a handler returns; the dispatcher writes it. Handlers
// return values instead of writing, so tests and the audit see the status.
type response interface {
	status() int
	write(w http.ResponseWriter)
}

type jsonResponse struct {
	code     int
	body     any
	location string
}

func (j jsonResponse) status() int { return j.code }

func (j jsonResponse) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	if j.location != "" {
		w.Header().Set("Location", j.location)
	}
	w.WriteHeader(j.code)
	_ = json.NewEncoder(w).Encode(j.body)
}

func ok(body any) response { return jsonResponse{code: http.StatusOK, body: body} }

// accepted answers a request that started a task.
func accepted(t api.Task) response {
	return jsonResponse{code: http.StatusAccepted, body: t, location: "/api/v1/tasks/" + t.ID}
}

// streamResponse writes its own body (the events stream).
type streamResponse func(w http.ResponseWriter)

func (streamResponse) status() int                   { return http.StatusOK }
func (s streamResponse) write(w http.ResponseWriter) { s(w) }

// errorResponse maps any error to the one error shape and its status.
type errorResponse struct{ e *api.Error }

func (e errorResponse) status() int { return statusOf(e.e.Kind) }

func (e errorResponse) write(w http.ResponseWriter) {
	jsonResponse{code: e.status(), body: api.ErrorBody{Error: e.bounded()}}.write(w)
}

// bounded is the error as it is answered and audited: message and field
// bounded, whatever the service quoted into them.
func (e errorResponse) bounded() *api.Error {
	b := *e.e
	b.Message, b.Field = shortMessage(b.Message), audit.Clip(b.Field, maxField)
	return &b
}

func statusOf(k api.ErrorKind) int {
	switch k {
	case api.KindBadRequest:
		return http.StatusBadRequest
	case api.KindNotFound:
		return http.StatusNotFound
	case api.KindConflict, api.KindBusy:
		return http.StatusConflict
	case api.KindPermissionDenied:
		return http.StatusForbidden
	case api.KindPolkitUnavailable, api.KindTooManyConnections, api.KindStopping:
		return http.StatusServiceUnavailable
	case api.KindBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case api.KindURITooLong:
		return http.StatusRequestURITooLong
	case api.KindTooManyRequests:
		return http.StatusTooManyRequests
	case api.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case api.KindToolMissing:
		return http.StatusFailedDependency
	case api.KindToolFailed:
		return http.StatusBadGateway
	case api.KindDirectorUnreachable:
		return http.StatusServiceUnavailable
	case api.KindTimeout:
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// fail turns a domain error into the API's error. Errors that know their
// API kind say it (APIKind: the exec wrapper's, each tool's typed errors,
// the store's and the task manager's sentinels; a refused value also its
// request field, APIField), so this layer knows none of them.
func fail(err error) response {
	var ae *api.Error
	var kinded interface {
		error
		APIKind() api.ErrorKind
	}
	switch {
	case errors.As(err, &ae):
		return errorResponse{ae}
	case errors.As(err, &kinded):
		e := &api.Error{Kind: kinded.APIKind(), Message: kinded.Error()}
		// a refused value may say which request field it came from
		var fielded interface{ APIField() string }
		if errors.As(err, &fielded) {
			e.Field = fielded.APIField()
		}
		return errorResponse{e}
	}
	slog.Error("internal error", "err", err)
	return errorResponse{&api.Error{Kind: api.KindInternal, Message: err.Error()}}
}

func badRequest(field, format string, args ...any) response {
	return errorResponse{&api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}}
}

func notFound(format string, args ...any) response {
	return errorResponse{&api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf(format, args...)}}
}
