package client

import (
	"context"
	"net/http"
	"strconv"

	"bams/backend/api"
)

// TapeLibrary lists the tape libraries with their queues.
func (c *Client) TapeLibrary(ctx context.Context) (api.TapeLibrary, error) {
	var l api.TapeLibrary
	return l, c.do(ctx, http.MethodGet, "/api/v1/tape/library", nil, &l)
}

type changerQuery struct {
	Changer string `query:"changer"`
}

// TapeDrives lists the drives of one library ("" all).
func (c *Client) TapeDrives(ctx context.Context, changer string) (api.TapeDriveList, error) {
	var l api.TapeDriveList
	return l, c.do(ctx, http.MethodGet, "/api/v1/tape/drives"+query(changerQuery{changer}), nil, &l)
}

// TapeSlots lists the slots and mail slots of one library ("" all).
func (c *Client) TapeSlots(ctx context.Context, changer string) (api.TapeSlotList, error) {
	var l api.TapeSlotList
	return l, c.do(ctx, http.MethodGet, "/api/v1/tape/slots"+query(changerQuery{changer}), nil, &l)
}

// TapeLoad loads m.Slot into drive: a task.
func (c *Client) TapeLoad(ctx context.Context, drive int, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/drives/"+strconv.Itoa(drive)+"/load", m)
}

// TapeUnload unloads drive into m.Slot (0: its source slot): a task.
func (c *Client) TapeUnload(ctx context.Context, drive int, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/drives/"+strconv.Itoa(drive)+"/unload", m)
}

// TapeClean cleans drive with a cleaning cartridge: a task.
func (c *Client) TapeClean(ctx context.Context, drive int, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/drives/"+strconv.Itoa(drive)+"/clean", m)
}

// TapeTransfer moves a cartridge between storage slots: a task.
func (c *Client) TapeTransfer(ctx context.Context, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/transfer", m)
}

// TapeImport moves a cartridge from a mail slot into a storage slot: a task.
func (c *Client) TapeImport(ctx context.Context, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/import", m)
}

// TapeExport moves a cartridge from a storage slot into a mail slot: a task.
func (c *Client) TapeExport(ctx context.Context, m api.TapeMove) (api.Task, error) {
	return c.task(ctx, "/api/v1/tape/export", m)
}

func (c *Client) task(ctx context.Context, path string, body any) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, path, body, &t)
}

// TapeInventory starts `mtx inventory` on a library: a task.
func (c *Client) TapeInventory(ctx context.Context, req api.TapeInventory) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/tape/inventory", req, &t)
}

// TapeMediaQuery filters the media inventory.
type TapeMediaQuery struct {
	Pool     string `query:"pool"`
	Location string `query:"location"`
	Changer  string `query:"changer"`
	Limit    int    `query:"limit"`
	Cursor   string `query:"cursor"`
}

// TapeMedia lists one page of the media inventory.
func (c *Client) TapeMedia(ctx context.Context, q TapeMediaQuery) (api.TapeMediaList, error) {
	var l api.TapeMediaList
	return l, c.do(ctx, http.MethodGet, "/api/v1/tape/media"+query(q), nil, &l)
}

// TapeReconcile compares the libraries with the Bacula catalog.
func (c *Client) TapeReconcile(ctx context.Context) (api.TapeReconcile, error) {
	var r api.TapeReconcile
	return r, c.do(ctx, http.MethodGet, "/api/v1/tape/media/reconcile", nil, &r)
}

// TapeFix runs a reconciliation fix through bconsole: a task.
func (c *Client) TapeFix(ctx context.Context, fix api.TapeFix) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/tape/media/fix", fix, &t)
}

// TapeVirtual generates mhvtl's configuration for a virtual library.
func (c *Client) TapeVirtual(ctx context.Context, spec api.TapeVirtualSpec) (api.TapeVirtualPlan, error) {
	var p api.TapeVirtualPlan
	return p, c.do(ctx, http.MethodPost, "/api/v1/tape/virtual", spec, &p)
}
