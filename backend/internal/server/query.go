package server

import (
	"regexp"
	"strconv"
	"time"
)

// query reads a request's parameters, which the dispatcher has already
// held to the route's declared names. Handlers read values through it and
// return its first error as a 400 naming the parameter.
type query struct {
	vals map[string]string
	err  response
}

func (r *request) query() *query { return &query{vals: r.params} }

func (q *query) fail(r response) {
	if q.err == nil {
		q.err = r
	}
}

// limit is a page size: 1..1000, default 100.
func (q *query) limit() int {
	v, ok := q.vals["limit"]
	if !ok {
		return 100
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		q.fail(badRequest("limit", "limit must be a number from 1 to 1000"))
	}
	return n
}

var cursorPattern = regexp.MustCompile(`^[1-9][0-9]{0,19}$`)

func (q *query) cursor() string {
	v := q.vals["cursor"]
	if v != "" && !cursorPattern.MatchString(v) {
		q.fail(badRequest("cursor", "cursor must be a value from a previous page's next"))
	}
	return v
}

// time reads an RFC 3339 time; zero when absent.
func (q *query) time(name string) time.Time {
	v, ok := q.vals[name]
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		q.fail(badRequest(name, "%s must be an RFC 3339 time like 2026-11-22T10:00:00Z", name))
	}
	return t
}

// match reads a value that must match pattern (described for the error).
func (q *query) match(name string, pattern *regexp.Regexp, what string) string {
	v := q.vals[name]
	if v != "" && !pattern.MatchString(v) {
		q.fail(badRequest(name, "%s must be %s", name, what))
	}
	return v
}
