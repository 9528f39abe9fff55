package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// Names with "/" in them (datasets, subvolume paths) travel as one
// percent-encoded path segment.
func segment(name string) string { return url.PathEscape(name) }

type confirmQuery struct {
	Confirm string `query:"confirm"`
}

// Disks lists block devices with what holds each.
func (c *Client) Disks(ctx context.Context) (api.DiskList, error) {
	var l api.DiskList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/disks", nil, &l)
}

// VGs lists LVM volume groups.
func (c *Client) VGs(ctx context.Context) (api.VGList, error) {
	var l api.VGList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/vgs", nil, &l)
}

// CreateVG makes a volume group from free disks.
func (c *Client) CreateVG(ctx context.Context, req api.VGCreate) (api.VG, error) {
	var v api.VG
	return v, c.do(ctx, http.MethodPost, "/api/v1/disk/vgs", req, &v)
}

// RemoveVG removes an empty volume group; confirm is its name, typed.
func (c *Client) RemoveVG(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/disk/vgs/"+segment(name)+query(confirmQuery{confirm}), nil, &d)
}

// LVs lists logical volumes, of one VG when vg is not "".
func (c *Client) LVs(ctx context.Context, vg string) (api.LVList, error) {
	q := struct {
		VG string `query:"vg"`
	}{vg}
	var l api.LVList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/lvs"+query(q), nil, &l)
}

// CreateLV makes a logical volume.
func (c *Client) CreateLV(ctx context.Context, req api.LVCreate) (api.LV, error) {
	var lv api.LV
	return lv, c.do(ctx, http.MethodPost, "/api/v1/disk/lvs", req, &lv)
}

// ExtendLV grows a logical volume.
func (c *Client) ExtendLV(ctx context.Context, vg, name string, req api.LVExtend) (api.LV, error) {
	var lv api.LV
	return lv, c.do(ctx, http.MethodPut, "/api/v1/disk/lvs/"+segment(vg)+"/"+segment(name), req, &lv)
}

// RemoveLV removes a logical volume; confirm is vg/name, typed.
func (c *Client) RemoveLV(ctx context.Context, vg, name, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/disk/lvs/"+segment(vg)+"/"+segment(name)+query(confirmQuery{confirm}), nil, &d)
}

// Btrfs lists btrfs filesystems.
func (c *Client) Btrfs(ctx context.Context) (api.BtrfsList, error) {
	var l api.BtrfsList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/btrfs", nil, &l)
}

// CreateBtrfs makes a btrfs filesystem on free disks.
func (c *Client) CreateBtrfs(ctx context.Context, req api.BtrfsCreate) (api.Btrfs, error) {
	var b api.Btrfs
	return b, c.do(ctx, http.MethodPost, "/api/v1/disk/btrfs", req, &b)
}

// Subvolumes lists the subvolumes of a mounted btrfs filesystem.
func (c *Client) Subvolumes(ctx context.Context, uuid string) (api.BtrfsSubvolumeList, error) {
	var l api.BtrfsSubvolumeList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/btrfs/"+segment(uuid)+"/subvolumes", nil, &l)
}

// CreateSubvolume makes a subvolume or a read-only snapshot.
func (c *Client) CreateSubvolume(ctx context.Context, uuid string, req api.BtrfsSubvolumeCreate) (api.BtrfsSubvolume, error) {
	var sv api.BtrfsSubvolume
	return sv, c.do(ctx, http.MethodPost, "/api/v1/disk/btrfs/"+segment(uuid)+"/subvolumes", req, &sv)
}

// DeleteSubvolume deletes a subvolume; confirm is its path, typed.
func (c *Client) DeleteSubvolume(ctx context.Context, uuid, path, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/disk/btrfs/"+segment(uuid)+"/subvolumes/"+segment(path)+query(confirmQuery{confirm}), nil, &d)
}

// ScrubBtrfs starts a scrub task.
func (c *Client) ScrubBtrfs(ctx context.Context, uuid string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/disk/btrfs/"+segment(uuid)+"/scrub", nil, &t)
}

// StopBtrfsScrub cancels a running scrub.
func (c *Client) StopBtrfsScrub(ctx context.Context, uuid string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/disk/btrfs/"+segment(uuid)+"/scrub", nil, nil)
}

// Pools lists ZFS pools.
func (c *Client) Pools(ctx context.Context) (api.PoolList, error) {
	var l api.PoolList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/pools", nil, &l)
}

// Pool is one pool's status.
func (c *Client) Pool(ctx context.Context, name string) (api.PoolStatus, error) {
	var p api.PoolStatus
	return p, c.do(ctx, http.MethodGet, "/api/v1/disk/pools/"+segment(name), nil, &p)
}

// CreatePool makes a pool from free disks.
func (c *Client) CreatePool(ctx context.Context, req api.PoolCreate) (api.PoolStatus, error) {
	var p api.PoolStatus
	return p, c.do(ctx, http.MethodPost, "/api/v1/disk/pools", req, &p)
}

// DestroyPool destroys a pool; confirm is its name, typed.
func (c *Client) DestroyPool(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/disk/pools/"+segment(name)+query(confirmQuery{confirm}), nil, &d)
}

// ExportPool exports a pool; confirm is its name, typed.
func (c *Client) ExportPool(ctx context.Context, name, confirm string) (api.Destroyed, error) {
	var d api.Destroyed
	return d, c.do(ctx, http.MethodPost, "/api/v1/disk/pools/"+segment(name)+"/export", api.Confirm{Confirm: confirm}, &d)
}

// ScrubPool starts a scrub task.
func (c *Client) ScrubPool(ctx context.Context, name string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/disk/pools/"+segment(name)+"/scrub", nil, &t)
}

// StopPoolScrub stops a pool's scrub.
func (c *Client) StopPoolScrub(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/disk/pools/"+segment(name)+"/scrub", nil, nil)
}

// ImportablePools lists the pools zpool import finds.
func (c *Client) ImportablePools(ctx context.Context) (api.ImportableList, error) {
	var l api.ImportableList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/imports", nil, &l)
}

// ImportPool imports a pool.
func (c *Client) ImportPool(ctx context.Context, req api.PoolImport) (api.PoolStatus, error) {
	var p api.PoolStatus
	return p, c.do(ctx, http.MethodPost, "/api/v1/disk/imports", req, &p)
}

// DatasetQuery selects a page of datasets.
type DatasetQuery struct {
	Pool   string `query:"pool"`
	Type   string `query:"type"` // datasets (default) or snapshots
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit"`
}

// Datasets is one page of datasets, sorted by name.
func (c *Client) Datasets(ctx context.Context, q DatasetQuery) (api.DatasetList, error) {
	var l api.DatasetList
	return l, c.do(ctx, http.MethodGet, "/api/v1/disk/datasets"+query(q), nil, &l)
}

// Dataset is one dataset with its properties and dependents.
func (c *Client) Dataset(ctx context.Context, name string) (api.DatasetDetail, error) {
	var d api.DatasetDetail
	return d, c.do(ctx, http.MethodGet, "/api/v1/disk/datasets/"+segment(name), nil, &d)
}

// CreateDataset makes a filesystem or volume.
func (c *Client) CreateDataset(ctx context.Context, req api.DatasetCreate) (api.DatasetDetail, error) {
	var d api.DatasetDetail
	return d, c.do(ctx, http.MethodPost, "/api/v1/disk/datasets", req, &d)
}

// UpdateDataset sets properties.
func (c *Client) UpdateDataset(ctx context.Context, name string, req api.DatasetUpdate) (api.DatasetDetail, error) {
	var d api.DatasetDetail
	return d, c.do(ctx, http.MethodPut, "/api/v1/disk/datasets/"+segment(name), req, &d)
}

// DestroyDataset destroys a dataset; confirm is its name, typed;
// recursive takes its children and snapshots with it.
func (c *Client) DestroyDataset(ctx context.Context, name, confirm string, recursive bool) (api.Destroyed, error) {
	q := struct {
		Confirm   string `query:"confirm"`
		Recursive bool   `query:"recursive"`
	}{confirm, recursive}
	var d api.Destroyed
	return d, c.do(ctx, http.MethodDelete, "/api/v1/disk/datasets/"+segment(name)+query(q), nil, &d)
}

// ARC is the ZFS ARC statistics.
func (c *Client) ARC(ctx context.Context) (api.ARC, error) {
	var a api.ARC
	return a, c.do(ctx, http.MethodGet, "/api/v1/disk/arc", nil, &a)
}
