package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"bams/backend/api"
)

func iscsiTarget(name string) string { return "/api/v1/iscsi/targets/" + url.PathEscape(name) }

// ISCSITargets lists the desired iSCSI targets.
func (c *Client) ISCSITargets(ctx context.Context) (api.ISCSITargetList, error) {
	var l api.ISCSITargetList
	return l, c.do(ctx, http.MethodGet, "/api/v1/iscsi/targets", nil, &l)
}

// ISCSITarget returns one desired target.
func (c *Client) ISCSITarget(ctx context.Context, name string) (api.ISCSITarget, error) {
	var t api.ISCSITarget
	return t, c.do(ctx, http.MethodGet, iscsiTarget(name), nil, &t)
}

// CreateISCSITarget adds a target to the desired state.
func (c *Client) CreateISCSITarget(ctx context.Context, t api.ISCSITarget) (api.ISCSITarget, error) {
	var out api.ISCSITarget
	return out, c.do(ctx, http.MethodPost, "/api/v1/iscsi/targets", t, &out)
}

// UpdateISCSITarget replaces a target's settings (its LUNs stay).
func (c *Client) UpdateISCSITarget(ctx context.Context, name string, t api.ISCSITarget) (api.ISCSITarget, error) {
	var out api.ISCSITarget
	return out, c.do(ctx, http.MethodPut, iscsiTarget(name), t, &out)
}

// DeleteISCSITarget removes a target from the desired state; confirm is
// its name.
func (c *Client) DeleteISCSITarget(ctx context.Context, name, confirm string) error {
	return c.do(ctx, http.MethodDelete, iscsiTarget(name), api.ISCSIConfirm{Confirm: confirm}, nil)
}

// AddISCSILUN adds a LUN to a target.
func (c *Client) AddISCSILUN(ctx context.Context, name string, l api.ISCSILUN) (api.ISCSITarget, error) {
	var out api.ISCSITarget
	return out, c.do(ctx, http.MethodPost, iscsiTarget(name)+"/luns", l, &out)
}

// RemoveISCSILUN removes a LUN; confirm is its number.
func (c *Client) RemoveISCSILUN(ctx context.Context, name string, lun uint32, confirm string) error {
	return c.do(ctx, http.MethodDelete, iscsiTarget(name)+"/luns/"+strconv.FormatUint(uint64(lun), 10), api.ISCSIConfirm{Confirm: confirm}, nil)
}

// ISCSIPlan shows what an apply would change: of every target (target
// ""), or of one.
func (c *Client) ISCSIPlan(ctx context.Context, target string) (api.ISCSIPlan, error) {
	p := "/api/v1/iscsi/plan"
	if target != "" {
		p = iscsiTarget(target) + "/plan"
	}
	var out api.ISCSIPlan
	return out, c.do(ctx, http.MethodGet, p, nil, &out)
}

// ApplyISCSI applies the plan whose token req carries.
func (c *Client) ApplyISCSI(ctx context.Context, target string, req api.ISCSIApply) (api.ISCSIApplyResult, error) {
	p := "/api/v1/iscsi/apply"
	if target != "" {
		p = iscsiTarget(target) + "/apply"
	}
	var out api.ISCSIApplyResult
	return out, c.do(ctx, http.MethodPost, p, req, &out)
}

// ISCSISessions lists the initiators logged in.
func (c *Client) ISCSISessions(ctx context.Context) (api.ISCSISessionList, error) {
	var l api.ISCSISessionList
	return l, c.do(ctx, http.MethodGet, "/api/v1/iscsi/sessions", nil, &l)
}
