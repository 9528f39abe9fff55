package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"unicode/utf8"

	"bams/backend/api"
)

func snapshotPath(host, snap string) string {
	return "/api/v1/hosts/" + url.PathEscape(host) + "/snapshots/" + url.PathEscape(snap)
}

// Files lists a path inside a snapshot (a folder's entries, one page of
// limit after cursor; 0 and "" for the defaults).
func (c *Client) Files(ctx context.Context, host, snap, path string, limit int, cursor string) (api.FileList, error) {
	q := struct {
		Path   string `query:"path"`
		Limit  int    `query:"limit"`
		Cursor string `query:"cursor"`
	}{path, limit, cursor}
	var l api.FileList
	return l, c.do(ctx, http.MethodGet, snapshotPath(host, snap)+"/files"+query(q), nil, &l)
}

// Download streams a path of a snapshot as a .tar.gz into w.
func (c *Client) Download(ctx context.Context, host, snap, path string, w io.Writer) error {
	q := struct {
		Path string `query:"path"`
	}{path}
	resp, err := c.send(ctx, http.MethodGet, snapshotPath(host, snap)+"/download"+query(q), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("download cut off: %w", err)
	}
	return nil
}

// Restore starts a restore (or its dry run) as a task. Paths that are not
// valid UTF-8 travel as bytes (paths_base64): JSON text would mangle them.
func (c *Client) Restore(ctx context.Context, host string, req api.RestoreRequest) (api.Task, error) {
	text := req.Paths[:0:0]
	for _, p := range req.Paths {
		if utf8.ValidString(p) {
			text = append(text, p)
		} else {
			req.PathsBase64 = append(req.PathsBase64, []byte(p))
		}
	}
	req.Paths = text
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/hosts/"+url.PathEscape(host)+"/restore", req, &t)
}
