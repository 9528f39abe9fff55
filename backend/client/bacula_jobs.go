package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"bams/backend/api"
)

// BaculaStats returns GET /api/v1/backup/dashboard/stats.
func (c *Client) BaculaStats(ctx context.Context) (api.BaculaDashboardStats, error) {
	var s api.BaculaDashboardStats
	return s, c.do(ctx, http.MethodGet, "/api/v1/backup/dashboard/stats", nil, &s)
}

// BaculaJobQuery filters GET /api/v1/backup/jobs.
type BaculaJobQuery struct {
	Status   string `query:"status"`
	Client   string `query:"client"`
	Schedule string `query:"schedule"`
	Cursor   string `query:"cursor"`
	Limit    int    `query:"limit"`
}

// BaculaJobResources lists the names a job can reference.
func (c *Client) BaculaJobResources(ctx context.Context) (api.BaculaJobResources, error) {
	var out api.BaculaJobResources
	return out, c.do(ctx, http.MethodGet, "/api/v1/backup/resources", nil, &out)
}

// BaculaJobs lists one page of the director's jobs.
func (c *Client) BaculaJobs(ctx context.Context, q BaculaJobQuery) (api.BaculaJobList, error) {
	var l api.BaculaJobList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/jobs"+query(q), nil, &l)
}

// BaculaJob returns one job's configuration, history and statistics.
func (c *Client) BaculaJob(ctx context.Context, name string) (api.BaculaJobDetail, error) {
	var d api.BaculaJobDetail
	return d, c.do(ctx, http.MethodGet, "/api/v1/backup/jobs/"+url.PathEscape(name), nil, &d)
}

// CreateBaculaJob creates a backup Job resource.
func (c *Client) CreateBaculaJob(ctx context.Context, j api.BaculaJobCreate) (api.BaculaJob, error) {
	var out api.BaculaJob
	return out, c.do(ctx, http.MethodPost, "/api/v1/backup/jobs", j, &out)
}

// RunBaculaJob starts a job now; the task follows the Bacula job.
func (c *Client) RunBaculaJob(ctx context.Context, name string, r api.BaculaJobRun) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/backup/jobs/"+url.PathEscape(name)+"/run", r, &t)
}

// BaculaHistoryQuery filters GET /api/v1/backup/history. Status is status
// words separated by commas; Since and Until are RFC 3339.
type BaculaHistoryQuery struct {
	Status string `query:"status"`
	Client string `query:"client"`
	Job    string `query:"job"`
	Type   string `query:"type"`
	Since  string `query:"since"`
	Until  string `query:"until"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit"`
}

// BaculaHistory lists one page of runs, newest first.
func (c *Client) BaculaHistory(ctx context.Context, q BaculaHistoryQuery) (api.BaculaRunList, error) {
	var l api.BaculaRunList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/history"+query(q), nil, &l)
}

func historyPath(id int64) string { return "/api/v1/backup/history/" + strconv.FormatInt(id, 10) }

// BaculaRun returns one run with its log.
func (c *Client) BaculaRun(ctx context.Context, id int64) (api.BaculaRunDetail, error) {
	var d api.BaculaRunDetail
	return d, c.do(ctx, http.MethodGet, historyPath(id), nil, &d)
}

// CancelBaculaJob cancels a running job (`cancel jobid=N`).
func (c *Client) CancelBaculaJob(ctx context.Context, id int64) (api.BaculaCancel, error) {
	var out api.BaculaCancel
	return out, c.do(ctx, http.MethodPost, historyPath(id)+"/cancel", nil, &out)
}

// RestoreBaculaJob restores every file of a run; the task follows the restore job.
func (c *Client) RestoreBaculaJob(ctx context.Context, id int64, r api.BaculaRestore) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, historyPath(id)+"/restore", r, &t)
}

// ReconcileBaculaIndex compares the whole catalog with the job index now.
func (c *Client) ReconcileBaculaIndex(ctx context.Context) (api.BaculaReconcile, error) {
	var out api.BaculaReconcile
	return out, c.do(ctx, http.MethodPost, "/api/v1/backup/history/reconcile", nil, &out)
}

// BaculaConsole runs one allow-listed bconsole command.
func (c *Client) BaculaConsole(ctx context.Context, command string) (api.BaculaConsoleReply, error) {
	var out api.BaculaConsoleReply
	return out, c.do(ctx, http.MethodPost, "/api/v1/backup/console/execute", api.BaculaConsoleCommand{Command: command}, &out)
}
