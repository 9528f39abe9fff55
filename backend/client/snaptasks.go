package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"bams/backend/api"
)

func snapTaskPath(name string) string { return "/api/v1/snaptasks/" + url.PathEscape(name) }

// SnapTasks lists the snapshot tasks.
func (c *Client) SnapTasks(ctx context.Context) (api.SnapTaskList, error) {
	var l api.SnapTaskList
	return l, c.do(ctx, http.MethodGet, "/api/v1/snaptasks", nil, &l)
}

// SnapTask returns one snapshot task.
func (c *Client) SnapTask(ctx context.Context, name string) (api.SnapTask, error) {
	var t api.SnapTask
	return t, c.do(ctx, http.MethodGet, snapTaskPath(name), nil, &t)
}

// CreateSnapTask adds a snapshot task.
func (c *Client) CreateSnapTask(ctx context.Context, t api.SnapTask) (api.SnapTask, error) {
	var out api.SnapTask
	return out, c.do(ctx, http.MethodPost, "/api/v1/snaptasks", t, &out)
}

// UpdateSnapTask changes the fields of a snapshot task that changes names
// (JSON names and values); bamsd keeps the others.
func (c *Client) UpdateSnapTask(ctx context.Context, name string, changes map[string]any) (api.SnapTask, error) {
	var out api.SnapTask
	return out, c.do(ctx, http.MethodPut, snapTaskPath(name), changes, &out)
}

// DeleteSnapTask forgets a snapshot task; its snapshots stay.
func (c *Client) DeleteSnapTask(ctx context.Context, name string) (api.SnapTaskDeleted, error) {
	var out api.SnapTaskDeleted
	return out, c.do(ctx, http.MethodDelete, snapTaskPath(name), nil, &out)
}

// RunSnapTask starts a run now: a snapshot, then pruning.
func (c *Client) RunSnapTask(ctx context.Context, name string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, snapTaskPath(name)+"/run", nil, &t)
}

// SnapTaskPlanQuery: the moment to plan for (zero = now).
type SnapTaskPlanQuery struct {
	AsOf time.Time `query:"as_of"`
}

// SnapTaskPlan previews pruning of a task's own snapshots.
func (c *Client) SnapTaskPlan(ctx context.Context, name string, q SnapTaskPlanQuery) (api.SnapTaskPlan, error) {
	var p api.SnapTaskPlan
	return p, c.do(ctx, http.MethodGet, snapTaskPath(name)+"/plan"+query(q), nil, &p)
}

// ApplySnapTaskPlan starts destroying what the reviewed plan deletes.
func (c *Client) ApplySnapTaskPlan(ctx context.Context, name string, req api.SnapTaskApply) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, snapTaskPath(name)+"/apply", req, &t)
}
