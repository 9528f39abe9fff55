package server

import (
	"net/http"
	"regexp"

	"bams/backend/api"
	"bams/backend/internal/pullbackup"
)

var retentionKindPattern = regexp.MustCompile(`^(scheduled|manual|all)$`)

// getRetentionPolicy: GET /api/v1/hosts/{name}/retention/policy, and
// GET /api/v1/retention/policy for the global default.
func (s *Server) getRetentionPolicy(r *request) response {
	host, bad := r.optionalHost()
	if bad != nil {
		return bad
	}
	view, err := s.Backups.RetentionPolicy(host)
	if err != nil {
		return fail(err)
	}
	return ok(view)
}

// putRetentionPolicy saves a host's own policy, or the global default.
func (s *Server) putRetentionPolicy(r *request) response {
	host, bad := r.optionalHost()
	if bad != nil {
		return bad
	}
	p := *input[api.RetentionPolicy](r)
	view, err := s.Backups.SetRetentionPolicy(host, p)
	if err != nil {
		return fail(err)
	}
	return ok(view)
}

// deleteRetentionPolicy: the host falls back to the global default, or
// the global default to the built-in one.
func (s *Server) deleteRetentionPolicy(r *request) response {
	host, bad := r.optionalHost()
	if bad != nil {
		return bad
	}
	view, err := s.Backups.ResetRetentionPolicy(host)
	if err != nil {
		return fail(err)
	}
	return ok(view)
}

// getRetentionPlan: GET .../retention/plan?kind=&as_of= previews the
// saved policy; POST with a draft policy as the body previews that one.
// Neither changes anything.
func (s *Server) getRetentionPlan(r *request) response {
	return s.retentionPlan(r, nil)
}

func (s *Server) postRetentionPlan(r *request) response {
	draft := *input[api.RetentionPolicy](r)
	return s.retentionPlan(r, &draft)
}

func (s *Server) retentionPlan(r *request, draft *api.RetentionPolicy) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	q := r.query()
	o := pullbackup.PlanOptions{
		Kind:  q.match("kind", retentionKindPattern, "one of scheduled, manual, all"),
		AsOf:  q.time("as_of"),
		Draft: draft,
	}
	if q.err != nil {
		return q.err
	}
	plan, err := s.Backups.RetentionPlan(host, o)
	if err != nil {
		return fail(err)
	}
	plan.TimeZone = s.timeZone()
	return ok(plan)
}

// postRetentionApply deletes what the reviewed plan deletes, as a task.
func (s *Server) postRetentionApply(r *request) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.RetentionApply](r)
	t, err := s.Backups.StartRetentionApply(host, req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// postRetentionSpace measures, as a task, what the current plan frees.
func (s *Server) postRetentionSpace(r *request) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.RetentionSpaceRequest](r)
	t, err := s.Backups.StartRetentionSpace(host, req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// postMark declares an unknown snapshot complete.
func (s *Server) postMark(r *request) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.MarkRequest](r)
	snap, err := s.Backups.Mark(host, r.param("snap"), req.Kind, r.peer.User())
	if err != nil {
		return fail(err)
	}
	return ok(snap)
}

// postProtect pins a snapshot against retention; deleteProtect unpins it.
func (s *Server) postProtect(r *request) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	req := *input[api.ProtectRequest](r)
	snap, err := s.Backups.Protect(host, r.param("snap"), r.peer.User(), req.Why)
	if err != nil {
		return fail(err)
	}
	return ok(snap)
}

func (s *Server) deleteProtect(r *request) response {
	host, bad := r.hostName()
	if bad != nil {
		return bad
	}
	snap, err := s.Backups.Unprotect(host, r.param("snap"))
	if err != nil {
		return fail(err)
	}
	return ok(snap)
}

// optionalHost is the {name} of a host route, or "" on the global route.
func (r *request) optionalHost() (string, response) {
	if r.param("name") == "" {
		return "", nil
	}
	return r.hostName()
}

// retentionRoutes: retention policies, plans, apply, protection and marking.
func retentionRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/retention/policy", Action: api.ActionRead, handle: (*Server).getRetentionPolicy},
		{Method: http.MethodPut, Pattern: "/api/v1/retention/policy", Action: api.ActionManage, Body: bodyOf[api.RetentionPolicy], handle: (*Server).putRetentionPolicy},
		{Method: http.MethodDelete, Pattern: "/api/v1/retention/policy", Action: api.ActionManage, handle: (*Server).deleteRetentionPolicy},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionRead, handle: (*Server).getRetentionPolicy},
		{Method: http.MethodPut, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionManage, Body: bodyOf[api.RetentionPolicy], handle: (*Server).putRetentionPolicy},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}/retention/policy", Action: api.ActionManage, handle: (*Server).deleteRetentionPolicy},
		{Method: http.MethodGet, Pattern: "/api/v1/hosts/{name}/retention/plan", Action: api.ActionRead, Query: []string{"kind", "as_of"}, handle: (*Server).getRetentionPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/plan", Action: api.ActionRead, Query: []string{"kind", "as_of"}, Body: bodyOf[api.RetentionPolicy], handle: (*Server).postRetentionPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/apply", Action: api.ActionManage, Body: bodyOf[api.RetentionApply], handle: (*Server).postRetentionApply},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/retention/space", Action: api.ActionOperate, Body: bodyOf[api.RetentionSpaceRequest], handle: (*Server).postRetentionSpace},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/mark", Action: api.ActionManage, Body: bodyOf[api.MarkRequest], handle: (*Server).postMark},
		{Method: http.MethodPost, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/protect", Action: api.ActionManage, Body: bodyOf[api.ProtectRequest], handle: (*Server).postProtect},
		{Method: http.MethodDelete, Pattern: "/api/v1/hosts/{name}/snapshots/{snap}/protect", Action: api.ActionManage, handle: (*Server).deleteProtect},
	}
}
