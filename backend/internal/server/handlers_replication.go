package server

import (
	"net/http"

	"bams/backend/api"
	"bams/backend/internal/replication"
)

func (r *request) replicationName() (string, response) {
	name := r.param("name")
	if err := replication.ValidName(name); err != nil {
		return "", fail(err)
	}
	return name, nil
}

func (s *Server) getReplications(r *request) response {
	list, err := s.Replication.List()
	if err != nil {
		return fail(err)
	}
	return ok(api.ReplicationList{Replications: list, TimeZone: s.timeZone()})
}

func (s *Server) postReplication(r *request) response {
	c := api.ReplicationConfig{Enabled: true} // a new task runs its schedule unless it says otherwise
	if bad := inputOver(r, &c); bad != nil {
		return bad
	}
	t, err := s.Replication.Create(c)
	if err != nil {
		return fail(err)
	}
	return jsonResponse{code: 201, body: t, location: "/api/v1/replications/" + t.Name}
}

func (s *Server) getReplication(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	t, err := s.Replication.Get(name)
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

// putReplication changes the fields its body names and keeps the others.
func (s *Server) putReplication(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	c, err := s.Replication.Config(name)
	if err != nil {
		return fail(err)
	}
	if bad := inputOver(r, &c); bad != nil {
		return bad
	}
	t, err := s.Replication.Update(name, c)
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

func (s *Server) deleteReplication(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	if err := s.Replication.Delete(name); err != nil {
		return fail(err)
	}
	return jsonResponse{code: 200, body: map[string]string{
		"deleted": name, "note": "its snapshots and holds (bams:replication:" + name + ") were kept on both machines"}}
}

// postReplicationRun starts a run: 202 with the task; 409 busy naming the run going on.
func (s *Server) postReplicationRun(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	t, err := s.Replication.Start(name, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// postReplicationTest scans the target's keys and tries to log in.
func (s *Server) postReplicationTest(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	res, err := s.Replication.TestHost(r.Context(), name)
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// postReplicationHostKey accepts the target key whose fingerprint the admin was shown.
func (s *Server) postReplicationHostKey(r *request) response {
	name, bad := r.replicationName()
	if bad != nil {
		return bad
	}
	req := *input[api.AcceptHostKey](r)
	t, err := s.Replication.AcceptHostKey(r.Context(), name, req.Fingerprint)
	if err != nil {
		return fail(err)
	}
	return ok(t)
}

// replicationRoutes: replication tasks, their runs and their targets' host keys.
func replicationRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/replications", Action: api.ActionRead, handle: (*Server).getReplications},
		{Method: http.MethodPost, Pattern: "/api/v1/replications", Action: api.ActionManage, Body: bodyOf[api.ReplicationConfig], handle: (*Server).postReplication},
		{Method: http.MethodGet, Pattern: "/api/v1/replications/{name}", Action: api.ActionRead, handle: (*Server).getReplication},
		{Method: http.MethodPut, Pattern: "/api/v1/replications/{name}", Action: api.ActionManage, Body: bodyOf[api.ReplicationConfig], handle: (*Server).putReplication},
		{Method: http.MethodDelete, Pattern: "/api/v1/replications/{name}", Action: api.ActionManage, handle: (*Server).deleteReplication},
		{Method: http.MethodPost, Pattern: "/api/v1/replications/{name}/run", Action: api.ActionOperate, handle: (*Server).postReplicationRun},
		{Method: http.MethodPost, Pattern: "/api/v1/replications/{name}/test", Action: api.ActionOperate, handle: (*Server).postReplicationTest},
		{Method: http.MethodPost, Pattern: "/api/v1/replications/{name}/hostkey", Action: api.ActionManage, Body: bodyOf[api.AcceptHostKey], handle: (*Server).postReplicationHostKey},
	}
}
