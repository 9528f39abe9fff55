package client

import (
	"testing"
	"time"

	"bams/backend/api"
)

func TestQuery(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	for _, tc := range []struct {
		q    any
		want string
	}{
		{TaskQuery{}, ""},
		{TaskQuery{States: []api.TaskState{}}, ""},
		{TaskQuery{States: []api.TaskState{api.TaskRunning, api.TaskFailed}, Kind: "backup", Limit: 50, Cursor: "01J"},
			"?cursor=01J&kind=backup&limit=50&state=running%2Cfailed"},
		{PlanQuery{AsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)}, "?as_of=2026-10-31T23%3A00%3A00Z"},
		{SnapshotQuery{Year: 2026, Day: 3}, "?day=3&year=2026"},
		{AuditQuery{User: "a b&c", Since: "2026-11-21T00:00:00Z"}, "?since=2026-11-21T00%3A00%3A00Z&user=a+b%26c"},
		{BaculaHistoryQuery{Status: "error,running", Type: "B"}, "?status=error%2Crunning&type=B"},
		{struct {
			Force bool `query:"force"`
		}{true}, "?force=true"},
		{struct {
			Force bool `query:"force"`
		}{false}, ""},
	} {
		if got := query(tc.q); got != tc.want {
			t.Errorf("query(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// A field without a tag would silently never be sent.
func TestQueryRefusesAnUntaggedField(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a field without a query tag")
		}
	}()
	query(struct{ Kind string }{"x"})
}
