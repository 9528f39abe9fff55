// Package client talks to bamsd over its Unix socket. It imports only the
// wire types, so bamsctl, tests and any other Go program share one client.
package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"bams/backend/api"
)

// DefaultSocket is where bamsd listens unless configured otherwise.
const DefaultSocket = "/run/bams/bams.sock"

// NotRunningError: nothing answers on the socket.
type NotRunningError struct {
	Socket string
	Err    error
}

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("bamsd is not running (nothing answers on %s: %v); start it with `systemctl start bams.socket`, or `make demo` in a source checkout", e.Socket, e.Err)
}

func (e *NotRunningError) Unwrap() error { return e.Err }

// Client is safe for concurrent use.
type Client struct {
	socket string
	http   *http.Client
}

// New returns a client for the socket at path ("" = DefaultSocket).
func New(path string) *Client {
	if path == "" {
		path = DefaultSocket
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		MaxIdleConnsPerHost: 8,
	}
	return &Client{socket: path, http: &http.Client{Transport: tr}}
}

// do sends a request and decodes a JSON answer into out (nil to discard).
// API errors come back as *api.Error.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.send(ctx, method, path, in)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decoding %s %s: %w", method, path, err)
	}
	return nil
}

func (c *Client) send(ctx context.Context, method, path string, in any) (*http.Response, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://bamsd"+path, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, &NotRunningError{Socket: c.socket, Err: err}
		}
		return nil, err
	}
	if resp.StatusCode >= 400 {
		defer resp.Body.Close()
		var eb api.ErrorBody
		if err := json.NewDecoder(resp.Body).Decode(&eb); err != nil || eb.Error == nil {
			return nil, fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
		}
		return nil, eb.Error
	}
	return resp, nil
}

// Raw sends body (JSON text, may be empty) to any route and returns the
// status and the answer as it came, error bodies included.
func (c *Client) Raw(ctx context.Context, method, path, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://bamsd"+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return 0, nil, &NotRunningError{Socket: c.socket, Err: err}
		}
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Health is GET /api/v1/health.
func (c *Client) Health(ctx context.Context) (api.Health, error) {
	var h api.Health
	return h, c.do(ctx, http.MethodGet, "/api/v1/health", nil, &h)
}

// Me is GET /api/v1/me.
func (c *Client) Me(ctx context.Context) (api.Me, error) {
	var m api.Me
	return m, c.do(ctx, http.MethodGet, "/api/v1/me", nil, &m)
}

// Dashboard is GET /api/v1/dashboard.
func (c *Client) Dashboard(ctx context.Context) (api.Dashboard, error) {
	var d api.Dashboard
	return d, c.do(ctx, http.MethodGet, "/api/v1/dashboard", nil, &d)
}

// Selfcheck starts a selfcheck task.
func (c *Client) Selfcheck(ctx context.Context) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodPost, "/api/v1/system/selfcheck", nil, &t)
}

// TaskQuery filters GET /api/v1/tasks.
type TaskQuery struct {
	States []api.TaskState `query:"state"`
	Kind   string          `query:"kind"`
	Target string          `query:"target"`
	Limit  int             `query:"limit"`
	Cursor string          `query:"cursor"`
}

// Tasks lists one page of tasks.
func (c *Client) Tasks(ctx context.Context, q TaskQuery) (api.TaskList, error) {
	var l api.TaskList
	return l, c.do(ctx, http.MethodGet, "/api/v1/tasks"+query(q), nil, &l)
}

// Task returns one task with its log.
func (c *Client) Task(ctx context.Context, id string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodGet, "/api/v1/tasks/"+url.PathEscape(id), nil, &t)
}

// CancelTask asks bamsd to cancel a running task.
func (c *Client) CancelTask(ctx context.Context, id string) (api.Task, error) {
	var t api.Task
	return t, c.do(ctx, http.MethodDelete, "/api/v1/tasks/"+url.PathEscape(id), nil, &t)
}

// AuditQuery filters GET /api/v1/audit. Since and Until are RFC 3339.
type AuditQuery struct {
	User   string `query:"user"`
	Action string `query:"action"`
	Since  string `query:"since"`
	Until  string `query:"until"`
	Cursor string `query:"cursor"`
	Limit  int    `query:"limit"`
}

// Audit lists one page of audit records.
func (c *Client) Audit(ctx context.Context, q AuditQuery) (api.AuditList, error) {
	var l api.AuditList
	return l, c.do(ctx, http.MethodGet, "/api/v1/audit"+query(q), nil, &l)
}

// Events calls fn for each event until ctx ends, the stream closes, or fn
// returns an error (which Events returns; io.EOF when the stream ended).
func (c *Client) Events(ctx context.Context, fn func(api.Event) error) error {
	return stream(ctx, c, "/api/v1/events", "events", fn)
}

// stream GETs path's newline-delimited JSON and calls fn with each line
// decoded as T, until ctx ends (its error), the stream closes (io.EOF) or
// fn fails (its error).
func stream[T any](ctx context.Context, c *Client, path, what string, fn func(T) error) error {
	resp, err := c.send(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil && ctx.Err() == nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return io.EOF
}

// WaitTask follows a task on the events stream until it finishes, calling
// progress (if set) on each update, and returns the final task.
func (c *Client) WaitTask(ctx context.Context, id string, progress func(api.Task)) (api.Task, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := errors.New("done")
	var final api.Task
	err := c.Events(ctx, func(e api.Event) error {
		if e.Type == api.EventHello {
			// the task may have finished before the stream opened
			t, err := c.Task(ctx, id)
			if err != nil {
				return err
			}
			if t.State.Done() {
				final = t
				return done
			}
			return nil
		}
		if e.Task == nil || e.Task.ID != id || e.Type == api.EventTaskLog {
			return nil
		}
		if progress != nil {
			progress(*e.Task)
		}
		if e.Task.State.Done() {
			return done
		}
		return nil
	})
	if !errors.Is(err, done) {
		return api.Task{}, err
	}
	if final.ID != "" {
		return final, nil
	}
	return c.Task(ctx, id)
}

// Diagnostics streams the support bundle (.tar.gz) into w.
func (c *Client) Diagnostics(ctx context.Context, w io.Writer) error {
	resp, err := c.send(ctx, http.MethodGet, "/api/v1/diagnostics/bundle", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("bundle cut off: %w", err)
	}
	return nil
}

// History returns the dashboard's sampled series since a time ("" = 30 days).
func (c *Client) History(ctx context.Context, since string) (api.History, error) {
	var h api.History
	return h, c.do(ctx, http.MethodGet, "/api/v1/dashboard/history"+query(struct {
		Since string `query:"since"`
	}{since}), nil, &h)
}
