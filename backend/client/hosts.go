package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// Hosts lists every host with the state of its backups.
func (c *Client) Hosts(ctx context.Context) (api.HostList, error) {
	var l api.HostList
	return l, c.do(ctx, http.MethodGet, "/api/v1/hosts", nil, &l)
}

// Host returns one host.
func (c *Client) Host(ctx context.Context, name string) (api.HostSummary, error) {
	var h api.HostSummary
	return h, c.do(ctx, http.MethodGet, "/api/v1/hosts/"+url.PathEscape(name), nil, &h)
}

// CreateHost adds a host.
func (c *Client) CreateHost(ctx context.Context, h api.Host) (api.Host, error) {
	var out api.Host
	return out, c.do(ctx, http.MethodPost, "/api/v1/hosts", h, &out)
}

// UpdateHost replaces a host's settings.
func (c *Client) UpdateHost(ctx context.Context, name string, h api.Host) (api.Host, error) {
	var out api.Host
	return out, c.do(ctx, http.MethodPut, "/api/v1/hosts/"+url.PathEscape(name), h, &out)
}

// DeleteHost removes a host (its snapshot folders stay on disk).
func (c *Client) DeleteHost(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/hosts/"+url.PathEscape(name), nil, nil)
}

// SnapshotQuery filters a host's snapshots.
type SnapshotQuery struct {
	Kind  string `query:"kind"`
	State string `query:"state"`
	Year  int    `query:"year"`
	Month int    `query:"month"`
	Day   int    `query:"day"`
}

// Snapshots lists a host's snapshots, newest first.
func (c *Client) Snapshots(ctx context.Context, host string, q SnapshotQuery) (api.SnapshotList, error) {
	var l api.SnapshotList
	return l, c.do(ctx, http.MethodGet, "/api/v1/hosts/"+url.PathEscape(host)+"/snapshots"+query(q), nil, &l)
}

// Discover records snapshot folders already on disk.
func (c *Client) Discover(ctx context.Context, host string) (api.DiscoverResult, error) {
	var r api.DiscoverResult
	return r, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(host)+"/snapshots/discover", nil, &r)
}

// MarkSnapshot declares an unknown snapshot complete, as kind.
func (c *Client) MarkSnapshot(ctx context.Context, host, snap, kind string) (api.Snapshot, error) {
	var s api.Snapshot
	return s, c.do(ctx, http.MethodPost, snapshotPath(host, snap)+"/mark", api.MarkRequest{Kind: kind}, &s)
}

// SSHKey returns bamsd's public key.
func (c *Client) SSHKey(ctx context.Context) (api.SSHKey, error) {
	var k api.SSHKey
	return k, c.do(ctx, http.MethodGet, "/api/v1/ssh/key", nil, &k)
}

// TestHost scans a host's keys and tries to log in.
func (c *Client) TestHost(ctx context.Context, name string) (api.HostKeyScan, error) {
	var r api.HostKeyScan
	return r, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(name)+"/test", nil, &r)
}

// AcceptHostKey trusts the host key with that fingerprint.
func (c *Client) AcceptHostKey(ctx context.Context, name, fingerprint string) (api.Host, error) {
	var h api.Host
	return h, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(name)+"/hostkey", api.AcceptHostKey{Fingerprint: fingerprint}, &h)
}

// Backup starts a manual backup of the host.
func (c *Client) Backup(ctx context.Context, name string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(name)+"/backup", nil, &t)
}

// Schedules lists every host's schedule with its next run.
func (c *Client) Schedules(ctx context.Context) (api.ScheduleList, error) {
	var l api.ScheduleList
	return l, c.do(ctx, http.MethodGet, "/api/v1/schedules", nil, &l)
}

// SetSchedule sets a host's schedule.
func (c *Client) SetSchedule(ctx context.Context, host string, sc api.Schedule) (api.Schedule, error) {
	body := struct {
		Cron    string `json:"cron"`
		Enabled bool   `json:"enabled"`
		Prune   bool   `json:"prune"`
	}{sc.Cron, sc.Enabled, sc.Prune}
	var out api.Schedule
	return out, c.do(ctx, http.MethodPut, "/api/v1/hosts/"+url.PathEscape(host)+"/schedule", body, &out)
}
