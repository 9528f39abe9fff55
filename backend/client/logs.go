package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// LogQuery filters GET /api/v1/logs/{service}. Since and Until are RFC 3339.
type LogQuery struct {
	Since string `query:"since"`
	Until string `query:"until"`
	Level string `query:"level"`
	Text  string `query:"text"`
	Limit int    `query:"limit"`
}

// Logs returns a service's newest matching log entries, oldest first.
func (c *Client) Logs(ctx context.Context, service string, q LogQuery) (api.LogList, error) {
	var l api.LogList
	return l, c.do(ctx, http.MethodGet, "/api/v1/logs/"+url.PathEscape(service)+query(q), nil, &l)
}

// FollowLogs calls fn with each new entry of a service's log (level and
// text filter) until ctx ends, the stream closes (io.EOF), or fn fails.
func (c *Client) FollowLogs(ctx context.Context, service string, q LogQuery, fn func(api.LogEntry) error) error {
	path := "/api/v1/logs/" + url.PathEscape(service) + "/stream" + query(LogQuery{Level: q.Level, Text: q.Text})
	return stream(ctx, c, path, "log stream", fn)
}
