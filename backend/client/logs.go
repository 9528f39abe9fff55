package client

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
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
// text filter) until ctx ends, the stream closes, or fn fails.
func (c *Client) FollowLogs(ctx context.Context, service string, q LogQuery, fn func(api.LogEntry) error) error {
	resp, err := c.send(ctx, http.MethodGet, "/api/v1/logs/"+url.PathEscape(service)+"/stream"+query(LogQuery{Level: q.Level, Text: q.Text}), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var e api.LogEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return fmt.Errorf("log stream: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return sc.Err()
}
