package store

import (
	"testing"
	"time"

	"bams/backend/api"
)

func TestBaculaRunIndex(t *testing.T) {
	s := open(t)
	if id, err := s.MaxBaculaJobID(); err != nil || id != 0 {
		t.Fatalf("empty index: max %d, %v", id, err)
	}
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var runs []api.BaculaRun
	for i := int64(1); i <= 25; i++ {
		at := base.Add(time.Duration(i) * time.Hour)
		r := api.BaculaRun{JobID: i, Name: "A", Client: "c1", Type: "B", Status: "ok", Done: true, Started: &at}
		if i%5 == 0 {
			r.Status, r.Client = "error", "c2"
		}
		if i == 25 {
			r.Status, r.Done = "running", false
		}
		runs = append(runs, r)
	}
	if err := s.PutBaculaRuns(runs); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.MaxBaculaJobID(); id != 25 {
		t.Fatalf("max id %d", id)
	}
	ids := func(rs []api.BaculaRun) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.JobID)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		f      BaculaRunFilter
		cursor string
		limit  int
		want   []int64
		next   string
	}{
		{"newest first", BaculaRunFilter{}, "", 3, []int64{25, 24, 23}, "23"},
		{"second page", BaculaRunFilter{}, "23", 3, []int64{22, 21, 20}, "20"},
		{"by status", BaculaRunFilter{Statuses: []string{"error"}}, "", 10, []int64{20, 15, 10, 5}, ""},
		{"running is not done", BaculaRunFilter{Statuses: []string{"running"}}, "", 10, []int64{25}, ""},
		{"by client", BaculaRunFilter{Client: "c2"}, "16", 2, []int64{15, 10}, "10"},
		{"by time", BaculaRunFilter{Since: base.Add(3 * time.Hour), Until: base.Add(5 * time.Hour)}, "", 10, []int64{4, 3}, ""},
		{"cursor past the end", BaculaRunFilter{}, "1000", 2, []int64{25, 24}, "24"},
		{"nothing", BaculaRunFilter{Name: "B"}, "", 10, nil, ""},
	} {
		got, next, err := s.ListBaculaRuns(tc.f, tc.cursor, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if g := ids(got); len(g) != len(tc.want) || next != tc.next {
			t.Errorf("%s: got %v next %q, want %v next %q", tc.name, g, next, tc.want, tc.next)
		} else {
			for i := range g {
				if g[i] != tc.want[i] {
					t.Errorf("%s: got %v, want %v", tc.name, g, tc.want)
					break
				}
			}
		}
	}
	runs[24].Status, runs[24].Done = "ok", true
	if err := s.PutBaculaRuns(runs[24:]); err != nil {
		t.Fatal(err)
	}
	if r, err := s.GetBaculaRun(25); err != nil || r.Status != "ok" {
		t.Fatalf("updated run: %+v %v", r, err)
	}
	if _, err := s.GetBaculaRun(99); err != ErrNotFound {
		t.Fatalf("missing run: %v", err)
	}
}
