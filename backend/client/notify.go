package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// NotifyTargets lists the notification targets (secrets left out).
func (c *Client) NotifyTargets(ctx context.Context) (api.NotifyTargetList, error) {
	var l api.NotifyTargetList
	return l, c.do(ctx, http.MethodGet, "/api/v1/notifications/targets", nil, &l)
}

// CreateNotifyTarget adds a target.
func (c *Client) CreateNotifyTarget(ctx context.Context, t api.NotifyTarget) (api.NotifyTarget, error) {
	var out api.NotifyTarget
	return out, c.do(ctx, http.MethodPost, "/api/v1/notifications/targets", t, &out)
}

// UpdateNotifyTarget replaces a target's settings; a secret left empty is kept.
func (c *Client) UpdateNotifyTarget(ctx context.Context, name string, t api.NotifyTarget) (api.NotifyTarget, error) {
	var out api.NotifyTarget
	return out, c.do(ctx, http.MethodPut, "/api/v1/notifications/targets/"+url.PathEscape(name), t, &out)
}

// DeleteNotifyTarget removes a target and what waits in its queue.
func (c *Client) DeleteNotifyTarget(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/notifications/targets/"+url.PathEscape(name), nil, nil)
}

// TestNotifyTarget sends a test notification to a target now.
func (c *Client) TestNotifyTarget(ctx context.Context, name string) (api.NotifyTestResult, error) {
	var r api.NotifyTestResult
	return r, c.do(ctx, http.MethodPost, "/api/v1/notifications/targets/"+url.PathEscape(name)+"/test", nil, &r)
}

// NotifyQueue lists the oldest notifications waiting to be delivered.
func (c *Client) NotifyQueue(ctx context.Context, limit int) (api.NotifyQueue, error) {
	var q api.NotifyQueue
	return q, c.do(ctx, http.MethodGet, "/api/v1/notifications/queue"+query(struct {
		Limit int `query:"limit"`
	}{limit}), nil, &q)
}
