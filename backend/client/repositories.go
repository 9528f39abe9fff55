package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// Repositories lists the repositories with their size, health and users.
func (c *Client) Repositories(ctx context.Context) (api.RepositoryList, error) {
	var l api.RepositoryList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/repositories", nil, &l)
}

// Repository returns one repository.
func (c *Client) Repository(ctx context.Context, id string) (api.Repository, error) {
	var r api.Repository
	return r, c.do(ctx, http.MethodGet, "/api/v1/disk/repositories/"+url.PathEscape(id), nil, &r)
}

// CreateRepository starts the task that creates a repository.
func (c *Client) CreateRepository(ctx context.Context, req api.RepositoryCreate) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/disk/repositories", req, &t)
}

// DeleteRepository deletes a repository; confirm is its name, needed
// when it holds files.
func (c *Client) DeleteRepository(ctx context.Context, id, confirm string) (api.RepositoryDeleted, error) {
	q := struct {
		Confirm string `query:"confirm"`
	}{confirm}
	var out api.RepositoryDeleted
	return out, c.do(ctx, http.MethodDelete, "/api/v1/disk/repositories/"+url.PathEscape(id)+query(q), nil, &out)
}
