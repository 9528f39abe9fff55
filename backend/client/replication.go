package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

func replicationPath(name string) string { return "/api/v1/replications/" + url.PathEscape(name) }

// Replications lists the replication tasks.
func (c *Client) Replications(ctx context.Context) (api.ReplicationList, error) {
	var l api.ReplicationList
	return l, c.do(ctx, http.MethodGet, "/api/v1/replications", nil, &l)
}

// Replication returns one replication task.
func (c *Client) Replication(ctx context.Context, name string) (api.ReplicationTask, error) {
	var t api.ReplicationTask
	return t, c.do(ctx, http.MethodGet, replicationPath(name), nil, &t)
}

// CreateReplication adds a replication task.
func (c *Client) CreateReplication(ctx context.Context, r api.ReplicationConfig) (api.ReplicationTask, error) {
	var t api.ReplicationTask
	return t, c.do(ctx, http.MethodPost, "/api/v1/replications", r, &t)
}

// UpdateReplication replaces a replication task's configuration.
func (c *Client) UpdateReplication(ctx context.Context, name string, r api.ReplicationConfig) (api.ReplicationTask, error) {
	var t api.ReplicationTask
	return t, c.do(ctx, http.MethodPut, replicationPath(name), r, &t)
}

// DeleteReplication forgets a replication task.
func (c *Client) DeleteReplication(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, replicationPath(name), nil, nil)
}

// RunReplication starts a run now.
func (c *Client) RunReplication(ctx context.Context, name string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, replicationPath(name)+"/run", nil, &t)
}

// TestReplication scans the target's host keys and tries to log in.
func (c *Client) TestReplication(ctx context.Context, name string) (api.HostKeyScan, error) {
	var r api.HostKeyScan
	return r, c.do(ctx, http.MethodPost, replicationPath(name)+"/test", nil, &r)
}

// AcceptReplicationKey trusts the target key with that fingerprint.
func (c *Client) AcceptReplicationKey(ctx context.Context, name, fingerprint string) (api.ReplicationTask, error) {
	var t api.ReplicationTask
	return t, c.do(ctx, http.MethodPost, replicationPath(name)+"/hostkey", api.AcceptHostKey{Fingerprint: fingerprint}, &t)
}
