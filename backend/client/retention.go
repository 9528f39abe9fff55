package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"bams/backend/api"
)

// policyPath is a host's retention policy, or the global default's ("").
func policyPath(host string) string {
	if host == "" {
		return "/api/v1/retention/policy"
	}
	return "/api/v1/hosts/" + url.PathEscape(host) + "/retention/policy"
}

// RetentionPolicy returns the policy that applies to host ("" = the global default).
func (c *Client) RetentionPolicy(ctx context.Context, host string) (api.RetentionPolicyView, error) {
	var v api.RetentionPolicyView
	return v, c.do(ctx, http.MethodGet, policyPath(host), nil, &v)
}

// SetRetentionPolicy saves host's own policy ("" = the global default).
func (c *Client) SetRetentionPolicy(ctx context.Context, host string, p api.RetentionPolicy) (api.RetentionPolicyView, error) {
	var v api.RetentionPolicyView
	return v, c.do(ctx, http.MethodPut, policyPath(host), p, &v)
}

// ResetRetentionPolicy drops host's own policy; it falls back to the default.
func (c *Client) ResetRetentionPolicy(ctx context.Context, host string) (api.RetentionPolicyView, error) {
	var v api.RetentionPolicyView
	return v, c.do(ctx, http.MethodDelete, policyPath(host), nil, &v)
}

// PlanQuery shapes a retention plan: kinds ("" = the policy's) and the
// moment to plan for (zero = now).
type PlanQuery struct {
	Kind string    `query:"kind"`
	AsOf time.Time `query:"as_of"`
}

func planPath(host string, q PlanQuery) string {
	return "/api/v1/hosts/" + url.PathEscape(host) + "/retention/plan" + query(q)
}

// RetentionPlan previews retention of host under its saved policy.
func (c *Client) RetentionPlan(ctx context.Context, host string, q PlanQuery) (api.RetentionPlan, error) {
	var p api.RetentionPlan
	return p, c.do(ctx, http.MethodGet, planPath(host, q), nil, &p)
}

// PreviewRetentionPlan previews retention of host under a draft policy.
func (c *Client) PreviewRetentionPlan(ctx context.Context, host string, q PlanQuery, draft api.RetentionPolicy) (api.RetentionPlan, error) {
	var p api.RetentionPlan
	return p, c.do(ctx, http.MethodPost, planPath(host, q), draft, &p)
}

// ApplyRetention starts deleting what the reviewed plan deletes.
func (c *Client) ApplyRetention(ctx context.Context, host string, req api.RetentionApply) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(host)+"/retention/apply", req, &t)
}

// MeasureRetention starts a task measuring the exact space the current
// plan frees.
func (c *Client) MeasureRetention(ctx context.Context, host string, req api.RetentionSpaceRequest) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(host)+"/retention/space", req, &t)
}

func protectPath(host, snap string) string {
	return "/api/v1/hosts/" + url.PathEscape(host) + "/snapshots/" + url.PathEscape(snap) + "/protect"
}

// Protect pins a snapshot against retention.
func (c *Client) Protect(ctx context.Context, host, snap, why string) (api.Snapshot, error) {
	var s api.Snapshot
	return s, c.do(ctx, http.MethodPost, protectPath(host, snap), api.ProtectRequest{Why: why}, &s)
}

// Unprotect removes a snapshot's pin.
func (c *Client) Unprotect(ctx context.Context, host, snap string) (api.Snapshot, error) {
	var s api.Snapshot
	return s, c.do(ctx, http.MethodDelete, protectPath(host, snap), nil, &s)
}
