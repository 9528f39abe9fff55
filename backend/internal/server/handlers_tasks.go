package server

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"bams/backend/api"
	"bams/backend/internal/tasks"
)

var (
	taskIDPattern     = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)
	taskKindPattern   = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	taskTargetPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$`)
)

// getTasks: GET /api/v1/tasks?state=running,failed&kind=backup&target=web1&limit=&cursor=
func (s *Server) getTasks(r *request) response {
	q := r.query()
	f := tasks.Filter{
		Kind:   q.match("kind", taskKindPattern, "a task kind like selfcheck"),
		Target: q.match("target", taskTargetPattern, "a task target like a host name"),
	}
	if v := q.vals["state"]; v != "" {
		for _, st := range strings.Split(v, ",") {
			if !validState(api.TaskState(st)) {
				q.fail(badRequest("state", "unknown state %q (valid: queued, running, succeeded, failed, cancelled)", st))
			}
			f.States = append(f.States, api.TaskState(st))
		}
	}
	limit, cursor := q.limit(), q.cursor()
	if q.err != nil {
		return q.err
	}
	// An api.TaskList written from the tasks' stored JSON as it is, into a
	// reused buffer: decoding, re-encoding and a fresh 45 KB buffer per
	// page of 100 cost most of this route's time and its GC pauses.
	b := s.pages.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(`{"tasks":[`)
	first := true
	next, err := s.Tasks.EachJSON(f, cursor, limit, func(raw []byte) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.Write(raw)
	})
	if err != nil {
		s.pages.Put(b)
		return fail(err)
	}
	b.WriteByte(']')
	if next != "" {
		b.WriteString(`,"next":"` + next + `"`) // a decimal id: nothing to escape
	}
	b.WriteString("}\n")
	return pooledJSON{b, &s.pages}
}

// pooledJSON is a ready JSON body whose buffer goes back to its pool once
// written.
type pooledJSON struct {
	b    *bytes.Buffer
	pool *sync.Pool
}

func (pooledJSON) status() int { return http.StatusOK }

func (p pooledJSON) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(p.b.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(p.b.Bytes())
	p.pool.Put(p.b)
}

func validState(st api.TaskState) bool {
	for _, v := range api.TaskStates() {
		if v == st {
			return true
		}
	}
	return false
}

func (s *Server) getTask(r *request) response {
	id := r.param("id")
	if !taskIDPattern.MatchString(id) {
		return badRequest("id", "task id must be a number")
	}
	t, err := s.Tasks.Get(id)
	if err != nil {
		return fail(fmt.Errorf("task %s: %w", id, err))
	}
	return ok(t)
}

// taskAction: cancelling needs the action that started the task. An unknown
// task needs read, so only readers learn that it does not exist.
func (s *Server) taskAction(r *request) string {
	if t, err := s.Tasks.Get(r.param("id")); err == nil {
		return t.Action
	}
	return api.ActionRead
}

// deleteTask cancels a running task: 202 with the task; its final state
// arrives on the events stream and in GET /tasks/{id}.
func (s *Server) deleteTask(r *request) response {
	id := r.param("id")
	if !taskIDPattern.MatchString(id) {
		return badRequest("id", "task id must be a number")
	}
	t, err := s.Tasks.Cancel(id, "cancelled by "+r.peer.User())
	if err != nil {
		if cur, gerr := s.Tasks.Get(id); gerr == nil {
			return errorResponse{&api.Error{Kind: api.KindConflict, TaskID: id,
				Message: fmt.Sprintf("task %s is not running (%s)", id, cur.State)}}
		}
		return fail(fmt.Errorf("task %s: %w", id, err))
	}
	return accepted(t)
}

// taskRoutes: background tasks; cancelling one needs the action that started it.
func taskRoutes() []route {
	return []route{
		{Method: http.MethodGet, Pattern: "/api/v1/tasks", Action: api.ActionRead, Query: []string{"state", "kind", "target", "limit", "cursor"}, handle: (*Server).getTasks},
		{Method: http.MethodGet, Pattern: "/api/v1/tasks/{id}", Action: api.ActionRead, handle: (*Server).getTask},
		{Method: http.MethodDelete, Pattern: "/api/v1/tasks/{id}", Action: ActionOfTask, actionFor: (*Server).taskAction, handle: (*Server).deleteTask},
	}
}
