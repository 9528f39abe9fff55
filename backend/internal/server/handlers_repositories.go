package server

import (
	"net/http"

	"bams/backend/api"
)

// GET /api/v1/disk/repositories
func (s *Server) getRepositories(r *request) response {
	list, err := s.Repos.List(r.Context())
	if err != nil {
		return fail(err)
	}
	return ok(api.RepositoryList{Repositories: list})
}

// POST /api/v1/disk/repositories: 202 with the task that creates it.
func (s *Server) postRepository(r *request) response {
	req := *input[api.RepositoryCreate](r)
	t, err := s.Repos.StartCreate(r.Context(), req, r.peer.Caller())
	if err != nil {
		return fail(err)
	}
	return accepted(t)
}

// GET /api/v1/disk/repositories/{id}
func (s *Server) getRepository(r *request) response {
	repo, err := s.Repos.Get(r.Context(), r.param("id"))
	if err != nil {
		return fail(err)
	}
	return ok(repo)
}

// DELETE /api/v1/disk/repositories/{id}?confirm=NAME: 409 naming its
// users while anything uses it; 400 saying what would be lost when it
// holds files and confirm is not its name.
func (s *Server) deleteRepository(r *request) response {
	q := r.query()
	if q.err != nil {
		return q.err
	}
	res, err := s.Repos.Delete(r.Context(), r.param("id"), q.vals["confirm"])
	if err != nil {
		return fail(err)
	}
	return ok(res)
}

// repositoryRoutes: the repositories backups go into.
func repositoryRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/disk/repositories", Action: api.ActionRead, handle: (*Server).getRepositories},
		{Method: http.MethodPost, Pattern: "/api/v1/disk/repositories", Action: api.ActionManage, Body: bodyOf[api.RepositoryCreate], handle: (*Server).postRepository},
		{Method: http.MethodGet, Pattern: "/api/v1/disk/repositories/{id}", Action: api.ActionRead, handle: (*Server).getRepository},
		{Method: http.MethodDelete, Pattern: "/api/v1/disk/repositories/{id}", Action: api.ActionManage, Query: []string{"confirm"}, handle: (*Server).deleteRepository},
	}
}
