package server

import (
	"net/http"
	"net/url"
	"time"

	"bams/backend/api"
)

// GET /api/v1/snaptasks
func (s *Server) getSnapTasks(r *request) response {
	list, err := s.SnapTasks.List()
	if err != nil {
		return fail(err)
	}
	return ok(api.SnapTaskList{Tasks: list, TimeZone: s.timeZone()})
}

// POST /api/v1/snaptasks: a new task, enabled unless the body says not.
func (s *Server) postSnapTask(r *request) response {
	t := api.SnapTask{Enabled: true}
	if bad := inputOver(r, &t); bad != nil {
		return bad
	}
	created, err := s.SnapTasks.Create(r.Context(), t, time.Now())
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: http.StatusCreated, body: created, location: "/api/v1/snaptasks/" + url.PathEscape(created.Name)}
}

// GET /api/v1/snaptasks/{name}
func (s *Server) getSnapTask(r *request) response {
	t, err := s.SnapTasks.Get(r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

// PUT /api/v1/snaptasks/{name} changes the fields its body names and
// keeps the others, as a host's PUT does.
func (s *Server) putSnapTask(r *request) response {
	name := r.param("name")
	t, err := s.SnapTasks.Get(name)
	if err != nil {
		return fail(err)
	}
	if bad := inputOver(r, &t); bad != nil {
		return bad
	}
	updated, err := s.SnapTasks.Update(r.Context(), name, t, time.Now())
	if err != nil {
		return fail(err)
	}
	return ok(updated)
}

// DELETE /api/v1/snaptasks/{name}: the task goes, its snapshots stay.
func (s *Server) deleteSnapTask(r *request) response {
	res, err := s.SnapTasks.Delete(r.param("name"))
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// POST /api/v1/snaptasks/{name}/run: a snapshot now, then pruning, as a task.
func (s *Server) postSnapTaskRun(r *request) response {
	t, err := s.SnapTasks.StartRun(r.param("name"), r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// GET /api/v1/snaptasks/{name}/plan?as_of= previews pruning; changes nothing.
func (s *Server) getSnapTaskPlan(r *request) response {
	q := r.query()
	asOf := q.time("as_of")
	if q.err != nil {
		return q.err
	}
	plan, err := s.SnapTasks.Plan(r.Context(), r.param("name"), asOf)
	if err != nil {
		return fail(err)
	}
	plan.TimeZone = s.timeZone()
	return ok(plan)
}

// POST /api/v1/snaptasks/{name}/apply destroys what the reviewed plan deletes, as a task.
func (s *Server) postSnapTaskApply(r *request) response {
	t, err := s.SnapTasks.StartApply(r.Context(), r.param("name"), *input[api.SnapTaskApply](r), r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// snapTaskRoutes: periodic snapshot tasks of ZFS datasets and btrfs subvolumes.
func snapTaskRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/snaptasks", Action: api.ActionRead, handle: (*Server).getSnapTasks},
		{Method: http.MethodPost, Pattern: "/api/v1/snaptasks", Action: api.ActionManage, Body: bodyOf[api.SnapTask], handle: (*Server).postSnapTask},
		{Method: http.MethodGet, Pattern: "/api/v1/snaptasks/{name}", Action: api.ActionRead, handle: (*Server).getSnapTask},
		{Method: http.MethodPut, Pattern: "/api/v1/snaptasks/{name}", Action: api.ActionManage, Body: bodyOf[api.SnapTask], handle: (*Server).putSnapTask},
		{Method: http.MethodDelete, Pattern: "/api/v1/snaptasks/{name}", Action: api.ActionManage, handle: (*Server).deleteSnapTask},
		{Method: http.MethodPost, Pattern: "/api/v1/snaptasks/{name}/run", Action: api.ActionOperate, handle: (*Server).postSnapTaskRun},
		{Method: http.MethodGet, Pattern: "/api/v1/snaptasks/{name}/plan", Action: api.ActionRead, Query: []string{"as_of"}, handle: (*Server).getSnapTaskPlan},
		{Method: http.MethodPost, Pattern: "/api/v1/snaptasks/{name}/apply", Action: api.ActionManage, Body: bodyOf[api.SnapTaskApply], handle: (*Server).postSnapTaskApply},
	}
}
