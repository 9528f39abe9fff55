package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"bams/backend/api"
	"bams/backend/internal/polkit"
)

// request is what a handler sees: the HTTP request, its authenticated
// peer, the body read (bounded) by the dispatcher, and the input checked
// against the route's declaration: its query parameters and decoded body.
type request struct {
	*http.Request
	peer   *Peer
	body   []byte
	params map[string]string
	input  any
	// notes are what a handler adds to the audit record beyond the
	// request's parameters (an apply's plan).
	notes map[string]any
}

// auditNote adds key to the request's audit record (secrets redacted,
// bounded, as the parameters are).
func (r *request) auditNote(key string, v any) {
	if r.notes == nil {
		r.notes = map[string]any{}
	}
	r.notes[key] = v
}

func (r *request) param(name string) string { return chi.URLParam(r.Request, name) }

// dispatch wraps a route: read the body within the cap, decide and check
// the action, run the handler, write the response, audit if mutating.
func (s *Server) dispatch(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, hr *http.Request) {
		start := time.Now()
		req := &request{Request: hr, peer: peerFrom(hr.Context())}
		action := rt.Action
		resp := s.prepare(rt, req, &action)
		if resp == nil {
			resp = rt.handle(s, req)
		}
		resp.write(w)
		if hr.Method != http.MethodGet && hr.Method != http.MethodHead {
			s.audit(req, action, resp, time.Since(start))
		}
	}
}

// prepare returns a response only when the request must stop here.
func (s *Server) prepare(rt route, req *request, action *string) response {
	if req.peer == nil {
		return errorResponse{&api.Error{Kind: api.KindPermissionDenied, Message: "no peer credentials on this connection"}}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, req.Body, s.Config.Limits.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errorResponse{&api.Error{Kind: api.KindBodyTooLarge, Message: "request body is larger than limits.max_body_bytes"}}
	}
	if err != nil {
		return badRequest("", "reading the request body: %v", err)
	}
	req.body = body
	if rt.actionFor != nil {
		*action = rt.actionFor(s, req)
	}
	uid, now := req.peer.UID, time.Now()
	if *action != api.Public && uid != 0 && s.limit.blocked(uid, now) {
		return errorResponse{&api.Error{Kind: api.KindTooManyRequests, Action: *action,
			Message: fmt.Sprintf("%s was denied too often: try again in a few seconds", req.peer.User())}}
	}
	if denied := s.authorize(req.Context(), req.peer, *action); denied != nil {
		s.limit.spend(uid, now)
		return denied
	}
	return req.checkInput(rt)
}

// checkInput holds the request to what its route declares: only its query
// parameters, each once and without NUL, and a body of its body type.
func (r *request) checkInput(rt route) response {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badRequest("", "malformed query string: %v", err)
	}
	r.params = map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		switch v := vals[k]; {
		case !slices.Contains(rt.Query, k) && len(rt.Query) == 0:
			return badRequest(k, "unknown parameter %q: this route takes no query parameters", k)
		case !slices.Contains(rt.Query, k):
			return badRequest(k, "unknown parameter %q (valid: %s)", k, strings.Join(rt.Query, ", "))
		case len(v) > 1:
			return badRequest(k, "parameter %q given more than once", k)
		case strings.IndexByte(v[0], 0) >= 0:
			return badRequest(k, "parameter %q must not contain NUL", k)
		default:
			r.params[k] = v[0]
		}
	}
	newBody := rt.Body
	if newBody == nil {
		newBody = bodyOf[struct{}]
	}
	r.input = newBody()
	return decodeBody(r.body, r.input)
}

// authorize: public routes and root pass; everyone else asks polkit, and
// is denied when polkit cannot be asked (fail closed).
func (s *Server) authorize(ctx context.Context, p *Peer, action string) response {
	if action == api.Public || p.UID == 0 {
		return nil
	}
	allowed, err := s.Polkit.Check(ctx, p.subject(), action)
	if errors.Is(err, polkit.ErrUnavailable) {
		return errorResponse{&api.Error{Kind: api.KindPolkitUnavailable, Action: action,
			Message: "polkit cannot be asked, so only root is allowed right now: " + err.Error()}}
	}
	if err != nil || !allowed {
		return errorResponse{&api.Error{Kind: api.KindPermissionDenied, Action: action, Group: api.GroupFor(action),
			Message: p.User() + " is not authorized for " + action + " (members of " + api.GroupFor(action) + " are)"}}
	}
	return nil
}
