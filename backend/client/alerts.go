package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// AlertQuery filters GET /api/v1/alerts. State is comma-separated; Level
// is the lowest level listed.
type AlertQuery struct {
	State   string `query:"state"`
	Level   string `query:"level"`
	Source  string `query:"source"`
	Class   string `query:"class"`
	Subject string `query:"subject"`
	Cursor  string `query:"cursor"`
	Limit   int    `query:"limit"`
}

// Alerts lists one page of alerts, newest first.
func (c *Client) Alerts(ctx context.Context, q AlertQuery) (api.AlertList, error) {
	var l api.AlertList
	return l, c.do(ctx, http.MethodGet, "/api/v1/alerts"+query(q), nil, &l)
}

// Alert returns one alert.
func (c *Client) Alert(ctx context.Context, id string) (api.Alert, error) {
	var a api.Alert
	return a, c.do(ctx, http.MethodGet, "/api/v1/alerts/"+url.PathEscape(id), nil, &a)
}

// AcknowledgeAlert records that the caller has seen alert id.
func (c *Client) AcknowledgeAlert(ctx context.Context, id string) (api.Alert, error) {
	var a api.Alert
	return a, c.do(ctx, http.MethodPost, "/api/v1/alerts/"+url.PathEscape(id)+"/acknowledge", nil, &a)
}
