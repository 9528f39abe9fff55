package server

import (
	"net/http"
	"net/url"
	"strconv"

	"bams/backend/api"
	"bams/backend/internal/iscsisvc"
)

// The iSCSI handlers edit the desired state (nothing changes in SCST) and
// plan and apply it. CHAP secrets come in and never go out: the service
// answers SecretSet, and the audit redacts the chap member.

// iscsiTarget is the {id} of the path: an IQN, whose ':' a client may
// send escaped (chi gives the raw segment when the path had escapes).
func (r *request) iscsiTarget() (string, response) {
	id, err := url.PathUnescape(r.param("id"))
	if err != nil {
		return "", badRequest("id", "the target's name is not a valid path segment")
	}
	if err := iscsisvc.ValidName(id); err != nil {
		return "", fail(err)
	}
	return id, nil
}

func (s *Server) getISCSITargets(r *request) response {
	ts, err := s.ISCSI.Targets()
	if err != nil {
		return fail(err)
	}
	return ok(api.ISCSITargetList{Targets: ts})
}

func (s *Server) postISCSITarget(r *request) response {
	t := api.ISCSITarget{Enabled: true} // a new target answers unless it says otherwise
	if bad := inputOver(r, &t); bad != nil {
		return bad
	}
	created, err := s.ISCSI.CreateTarget(r.Context(), t)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: created, location: "/api/v1/iscsi/targets/" + created.Name}
}

func (s *Server) getISCSITarget(r *request) response {
	id, bad := r.iscsiTarget()
	if bad != nil {
		return bad
	}
	t, err := s.ISCSI.Target(id)
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

// putISCSITarget changes the members its body names and keeps the others.
func (s *Server) putISCSITarget(r *request) response {
	id, bad := r.iscsiTarget()
	if bad != nil {
		return bad
	}
	t, err := s.ISCSI.Target(id)
	if err != nil {
		return fail(err)
	}
	if bad := inputOver(r, &t); bad != nil {
		return bad
	}
	updated, err := s.ISCSI.UpdateTarget(r.Context(), id, t)
	if err != nil {
		return fail(err)
	}
	return ok(updated)
}

func (s *Server) deleteISCSITarget(r *request) response {
	id, bad := r.iscsiTarget()
	if bad != nil {
		return bad
	}
	if err := s.ISCSI.DeleteTarget(id, input[api.ISCSIConfirm](r).Confirm); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"deleted": id, "note": "SCST runs the target until the next apply"})
}

func (s *Server) postISCSILUN(r *request) response {
	id, bad := r.iscsiTarget()
	if bad != nil {
		return bad
	}
	t, err := s.ISCSI.AddLUN(r.Context(), id, *input[api.ISCSILUN](r))
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: t, location: "/api/v1/iscsi/targets/" + id}
}

func (s *Server) deleteISCSILUN(r *request) response {
	id, bad := r.iscsiTarget()
	if bad != nil {
		return bad
	}
	lun, err := strconv.ParseUint(r.param("lun"), 10, 32)
	if err != nil {
		return badRequest("lun", "the LUN must be a number")
	}
	if err := s.ISCSI.RemoveLUN(id, uint32(lun), input[api.ISCSIConfirm](r).Confirm); err != nil {
		return fail(err)
	}
	return ok(map[string]string{"deleted": id + "/" + r.param("lun"), "note": "initiators see the LUN until the next apply"})
}

// scope is the target a plan or apply is about: the {id} of
// /targets/{id}/plan and /apply, "" (every target) on /plan and /apply.
func (r *request) scope() (string, response) {
	if r.param("id") == "" {
		return "", nil
	}
	return r.iscsiTarget()
}

func (s *Server) getISCSIPlan(r *request) response {
	target, bad := r.scope()
	if bad != nil {
		return bad
	}
	p, err := s.ISCSI.Plan(r.Context(), target)
	if err != nil {
		return fail(err)
	}
	return ok(p)
}

// postISCSIApply applies, and puts the plan it applied (or tried) in the
// audit record.
func (s *Server) postISCSIApply(r *request) response {
	target, bad := r.scope()
	if bad != nil {
		return bad
	}
	res, plan, err := s.ISCSI.Apply(r.Context(), target, *input[api.ISCSIApply](r))
	if len(plan.Changes) > 0 {
		r.auditNote("plan", plan.Changes)
	}
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

func (s *Server) getISCSISessions(r *request) response {
	ss, err := s.ISCSI.Sessions()
	if err != nil {
		return fail(err)
	}
	return ok(api.ISCSISessionList{Sessions: ss})
}

// iscsiRoutes: iSCSI targets through SCST.
func iscsiRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/iscsi/targets", Action: api.ActionRead, handle: (*Server).getISCSITargets},
		{Method: http.MethodPost, Pattern: "/api/v1/iscsi/targets", Action: api.ActionManage, Body: bodyOf[api.ISCSITarget], handle: (*Server).postISCSITarget},
		{Method: http.MethodGet, Pattern: "/api/v1/iscsi/targets/{id}", Action: api.ActionRead, handle: (*Server).getISCSITarget},
		{Method: http.MethodPut, Pattern: "/api/v1/iscsi/targets/{id}", Action: api.ActionManage, Body: bodyOf[api.ISCSITarget], handle: (*Server).putISCSITarget},
		{Method: http.MethodDelete, Pattern: "/api/v1/iscsi/targets/{id}", Action: api.ActionManage, Body: bodyOf[api.ISCSIConfirm], handle: (*Server).deleteISCSITarget},
		{Method: http.MethodPost, Pattern: "/api/v1/iscsi/targets/{id}/luns", Action: api.ActionManage, Body: bodyOf[api.ISCSILUN], handle: (*Server).postISCSILUN},
		{Method: http.MethodDelete, Pattern: "/api/v1/iscsi/targets/{id}/luns/{lun}", Action: api.ActionManage, Body: bodyOf[api.ISCSIConfirm], handle: (*Server).deleteISCSILUN},
		{Method: http.MethodGet, Pattern: "/api/v1/iscsi/targets/{id}/plan", Action: api.ActionRead, handle: (*Server).getISCSIPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/iscsi/targets/{id}/apply", Action: api.ActionManage, Body: bodyOf[api.ISCSIApply], handle: (*Server).postISCSIApply},
		{Method: http.MethodGet, Pattern: "/api/v1/iscsi/plan", Action: api.ActionRead, handle: (*Server).getISCSIPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/iscsi/apply", Action: api.ActionManage, Body: bodyOf[api.ISCSIApply], handle: (*Server).postISCSIApply},
		{Method: http.MethodGet, Pattern: "/api/v1/iscsi/sessions", Action: api.ActionRead, handle: (*Server).getISCSISessions},
	}
}
