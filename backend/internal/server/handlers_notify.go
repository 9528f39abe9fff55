package server

import (
	"net/http"
	"regexp"

	"bams/backend/api"
)

var notifyNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

func (r *request) notifyTarget() (string, response) {
	name := r.param("name")
	if !notifyNamePattern.MatchString(name) {
		return "", badRequest("name", "a target name is 1-63 lower-case letters, digits, - and _")
	}
	return name, nil
}

func (s *Server) getNotifyTargets(r *request) response {
	list, err := s.Notify.Targets()
	if err != nil {
		return fail(err)
	}
	return ok(api.NotifyTargetList{Targets: list})
}

func (s *Server) postNotifyTarget(r *request) response {
	t, err := s.Notify.CreateTarget(*input[api.NotifyTarget](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: t, location: "/api/v1/notifications/targets/" + t.Name}
}

func (s *Server) putNotifyTarget(r *request) response {
	name, bad := r.notifyTarget()
	if bad != nil {
		return bad
	}
	t, err := s.Notify.UpdateTarget(name, *input[api.NotifyTarget](r))
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

func (s *Server) deleteNotifyTarget(r *request) response {
	name, bad := r.notifyTarget()
	if bad != nil {
		return bad
	}
	if err := s.Notify.DeleteTarget(name); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"deleted": name})
}

// postNotifyTest sends a test notification now and says how it went.
func (s *Server) postNotifyTest(r *request) response {
	name, bad := r.notifyTarget()
	if bad != nil {
		return bad
	}
	res, err := s.Notify.Test(r.Context(), name)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

func (s *Server) getNotifyQueue(r *request) response {
	q := r.query()
	limit := q.limit()
	if q.err != nil {
		return q.err
	}
	list, err := s.Notify.Queue(limit)
	if err != nil {
		return fail(err)
	}
	return ok(list)
}

// notifyRoutes: notification targets and the retry queue. Reading them
// needs manage too: a target's addresses and webhook URL (which often
// holds a token) are configuration a viewer has no need of.
func notifyRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/notifications/targets", Action: api.ActionManage, handle: (*Server).getNotifyTargets},
		{Method: http.MethodPost, Pattern: "/api/v1/notifications/targets", Action: api.ActionManage, Body: bodyOf[api.NotifyTarget], handle: (*Server).postNotifyTarget},
		{Method: http.MethodPut, Pattern: "/api/v1/notifications/targets/{name}", Action: api.ActionManage, Body: bodyOf[api.NotifyTarget], handle: (*Server).putNotifyTarget},
		{Method: http.MethodDelete, Pattern: "/api/v1/notifications/targets/{name}", Action: api.ActionManage, handle: (*Server).deleteNotifyTarget},
		{Method: http.MethodPost, Pattern: "/api/v1/notifications/targets/{name}/test", Action: api.ActionManage, handle: (*Server).postNotifyTest},
		{Method: http.MethodGet, Pattern: "/api/v1/notifications/queue", Action: api.ActionManage, Query: []string{"limit"}, handle: (*Server).getNotifyQueue},
	}
}
