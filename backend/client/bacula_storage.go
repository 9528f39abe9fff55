package client

import (
	"context"
	"net/http"
	"net/url"

	"bams/backend/api"
)

// BaculaClients lists the director's clients with their last backup.
func (c *Client) BaculaClients(ctx context.Context) (api.BaculaClientList, error) {
	var l api.BaculaClientList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/clients", nil, &l)
}

// BaculaClient returns one client with its file daemon's status and history.
func (c *Client) BaculaClient(ctx context.Context, name string) (api.BaculaClientDetail, error) {
	var d api.BaculaClientDetail
	return d, c.do(ctx, http.MethodGet, "/api/v1/backup/clients/"+url.PathEscape(name), nil, &d)
}

// BaculaPools lists the director's pools.
func (c *Client) BaculaPools(ctx context.Context) (api.BaculaPoolList, error) {
	var l api.BaculaPoolList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/storage/pools", nil, &l)
}

// CreateBaculaPool writes a new pool into the director's configuration.
func (c *Client) CreateBaculaPool(ctx context.Context, p api.BaculaPoolCreate) (api.BaculaPool, error) {
	var out api.BaculaPool
	return out, c.do(ctx, http.MethodPost, "/api/v1/backup/storage/pools", p, &out)
}

// DeleteBaculaPool removes a pool BAMS created.
func (c *Client) DeleteBaculaPool(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/backup/storage/pools/"+url.PathEscape(name), nil, nil)
}

// BaculaVolumes lists the catalog's volumes, in one pool when pool is set.
func (c *Client) BaculaVolumes(ctx context.Context, pool string) (api.BaculaVolumeList, error) {
	q := struct {
		Pool string `query:"pool"`
	}{pool}
	var l api.BaculaVolumeList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/storage/volumes"+query(q), nil, &l)
}

// LabelBaculaVolume labels a new volume into a pool.
func (c *Client) LabelBaculaVolume(ctx context.Context, req api.BaculaVolumeLabel) (api.BaculaVolume, error) {
	var out api.BaculaVolume
	return out, c.do(ctx, http.MethodPost, "/api/v1/backup/storage/volumes", req, &out)
}

// UpdateBaculaVolume changes a volume's settings.
func (c *Client) UpdateBaculaVolume(ctx context.Context, name string, req api.BaculaVolumeUpdate) (api.BaculaVolume, error) {
	var out api.BaculaVolume
	return out, c.do(ctx, http.MethodPut, "/api/v1/backup/storage/volumes/"+url.PathEscape(name), req, &out)
}

// DeleteBaculaVolume removes a volume from the catalog; force also when it
// holds jobs (the catalog then forgets them).
func (c *Client) DeleteBaculaVolume(ctx context.Context, name string, force bool) (api.BaculaVolumeDeleted, error) {
	q := struct {
		Force bool `query:"force"`
	}{force}
	var out api.BaculaVolumeDeleted
	return out, c.do(ctx, http.MethodDelete, "/api/v1/backup/storage/volumes/"+url.PathEscape(name)+query(q), nil, &out)
}

// BaculaMedia lists every medium with where it is.
func (c *Client) BaculaMedia(ctx context.Context) (api.BaculaMediaList, error) {
	var l api.BaculaMediaList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/media", nil, &l)
}

// BaculaMedium returns one medium with its usage and runs.
func (c *Client) BaculaMedium(ctx context.Context, name string) (api.BaculaMediumDetail, error) {
	var d api.BaculaMediumDetail
	return d, c.do(ctx, http.MethodGet, "/api/v1/backup/media/"+url.PathEscape(name), nil, &d)
}

// BaculaStorages lists the director's storages and their daemons' status.
func (c *Client) BaculaStorages(ctx context.Context) (api.BaculaStorageList, error) {
	var l api.BaculaStorageList
	return l, c.do(ctx, http.MethodGet, "/api/v1/backup/storage/daemons", nil, &l)
}

// SDStatus is the local storage daemon's status.
func (c *Client) SDStatus(ctx context.Context) (api.BaculaStorage, error) {
	var st api.BaculaStorage
	return st, c.do(ctx, http.MethodGet, "/api/v1/bacula/status", nil, &st)
}

// SDConfig is the storage daemon's configuration, passwords redacted.
func (c *Client) SDConfig(ctx context.Context) (api.BaculaSDConfig, error) {
	var conf api.BaculaSDConfig
	return conf, c.do(ctx, http.MethodGet, "/api/v1/bacula/config", nil, &conf)
}

// SetSDConfig replaces the File devices BAMS manages.
func (c *Client) SetSDConfig(ctx context.Context, req api.BaculaSDConfigSet) (api.BaculaSDConfig, error) {
	var conf api.BaculaSDConfig
	return conf, c.do(ctx, http.MethodPost, "/api/v1/bacula/config", req, &conf)
}

// SDInventory starts `update slots` on the autochangers: a task.
func (c *Client) SDInventory(ctx context.Context) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/bacula/inventory", nil, &t)
}

// RestartSD restarts bacula-sd through systemd.
func (c *Client) RestartSD(ctx context.Context) (api.BaculaSDRestart, error) {
	var out api.BaculaSDRestart
	return out, c.do(ctx, http.MethodPost, "/api/v1/bacula/restart", nil, &out)
}
