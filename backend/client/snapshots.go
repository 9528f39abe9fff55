package client

import (
	"context"
	"net/http"

	"bams/backend/api"
)

// ZFSSnapshotQuery selects a page of ZFS snapshots (GET /api/v1/zfs/snapshots).
type ZFSSnapshotQuery struct {
	Dataset   string `query:"dataset"`
	Recursive bool   `query:"recursive"`
	Name      string `query:"name"`
	Owner     string `query:"owner"` // exact, or "none"
	Cursor    string `query:"cursor"`
	Limit     int    `query:"limit"`
}

// ZFSSnapshots is one page of ZFS snapshots.
func (c *Client) ZFSSnapshots(ctx context.Context, q ZFSSnapshotQuery) (api.ZFSSnapshotList, error) {
	var l api.ZFSSnapshotList
	return l, c.do(ctx, http.MethodGet, "/api/v1/zfs/snapshots"+query(q), nil, &l)
}

// CreateZFSSnapshot makes dataset@name, owned by "manual".
func (c *Client) CreateZFSSnapshot(ctx context.Context, req api.ZFSSnapshotCreate) (api.ZFSSnapshot, error) {
	var s api.ZFSSnapshot
	return s, c.do(ctx, http.MethodPost, "/api/v1/zfs/snapshots", req, &s)
}

// DestroyZFSSnapshot destroys one; confirm is its full name, typed.
func (c *Client) DestroyZFSSnapshot(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/zfs/snapshots/"+segment(name)+query(confirmQuery{confirm}), nil, &d)
}

// RollbackPreview lists what rolling back to name destroys.
func (c *Client) RollbackPreview(ctx context.Context, name string) (api.ZFSRollbackPreview, error) {
	var p api.ZFSRollbackPreview
	return p, c.do(ctx, http.MethodGet, "/api/v1/zfs/snapshots/"+segment(name)+"/rollback", nil, &p)
}

// RollbackZFS rolls back to name; req holds the dataset's name and the preview's token.
func (c *Client) RollbackZFS(ctx context.Context, name string, req api.ZFSRollback) (api.ZFSRolledBack, error) {
	var r api.ZFSRolledBack
	return r, c.do(ctx, http.MethodPost, "/api/v1/zfs/snapshots/"+segment(name)+"/rollback", req, &r)
}

// CloneZFSSnapshot makes a new dataset from a snapshot.
func (c *Client) CloneZFSSnapshot(ctx context.Context, name, target string) (api.DatasetDetail, error) {
	var d api.DatasetDetail
	return d, c.do(ctx, http.MethodPost, "/api/v1/zfs/snapshots/"+segment(name)+"/clone", api.ZFSClone{Target: target}, &d)
}

// HoldZFSSnapshot places a hold tag (or, release, takes it away).
func (c *Client) HoldZFSSnapshot(ctx context.Context, name, tag string, release bool) (api.ZFSSnapshot, error) {
	verb := "/hold"
	if release {
		verb = "/release"
	}
	var s api.ZFSSnapshot
	return s, c.do(ctx, http.MethodPost, "/api/v1/zfs/snapshots/"+segment(name)+verb, api.ZFSHold{Tag: tag}, &s)
}

// BtrfsSnapshots lists the snapshots BAMS owns of a subvolume.
func (c *Client) BtrfsSnapshots(ctx context.Context, subvol string) (api.BtrfsSnapshotList, error) {
	q := struct {
		Subvolume string `query:"subvolume"`
	}{subvol}
	var l api.BtrfsSnapshotList
	return l, c.do(ctx, http.MethodGet, "/api/v1/btrfs/snapshots"+query(q), nil, &l)
}

// CreateBtrfsSnapshot makes a read-only snapshot owned by "manual".
func (c *Client) CreateBtrfsSnapshot(ctx context.Context, req api.BtrfsSnapshotCreate) (api.BtrfsSnapshot, error) {
	var s api.BtrfsSnapshot
	return s, c.do(ctx, http.MethodPost, "/api/v1/btrfs/snapshots", req, &s)
}

// DeleteBtrfsSnapshot deletes an owned snapshot; confirm is its path, typed.
func (c *Client) DeleteBtrfsSnapshot(ctx context.Context, subvol, owner, name, confirm string) (api.Destroyed, error) {
	q := struct {
		Subvolume string `query:"subvolume"`
		Owner     string `query:"owner"`
		Name      string `query:"name"`
		Confirm   string `query:"confirm"`
	}{subvol, owner, name, confirm}
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/btrfs/snapshots"+query(q), nil, &d)
}
