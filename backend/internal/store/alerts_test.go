package store

import (
	"strconv"
	"testing"
	"time"

	"bams/backend/api"
)

func TestAlertsListNewestFirstInPages(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		a := api.Alert{Source: "backups", Class: "backup-failed", Subject: "host/h" + strconv.Itoa(i),
			Level: api.AlertError, State: api.AlertActive, Raised: t0.Add(time.Duration(i) * time.Minute)}
		if i%2 == 1 {
			a.Level, a.State = api.AlertWarning, api.AlertCleared
		}
		if err := s.SaveAlerts([]*api.Alert{&a}); err != nil {
			t.Fatal(err)
		}
	}
	page, next, err := s.ListAlerts(AlertFilter{}, "", 2)
	if err != nil || len(page) != 2 || page[0].ID != "5" || page[1].ID != "4" || next != "4" {
		t.Fatalf("first page %+v next %q %v", page, next, err)
	}
	page, next, _ = s.ListAlerts(AlertFilter{}, next, 2)
	if len(page) != 2 || page[0].ID != "3" || next != "2" {
		t.Fatalf("second page %+v next %q", page, next)
	}
	page, _, _ = s.ListAlerts(AlertFilter{States: []api.AlertState{api.AlertActive}, MinLevel: api.AlertError}, "", 10)
	if len(page) != 3 || page[0].ID != "5" || page[2].ID != "1" {
		t.Fatalf("active errors %+v", page)
	}
	open, _ := s.OpenAlerts()
	if len(open) != 3 || open[0].ID != "1" {
		t.Fatalf("open %+v", open)
	}
	if _, _, err := s.ListAlerts(AlertFilter{}, "x", 2); err != ErrNotFound {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestPruneAlertsKeepsOpenOnes(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 6; i++ {
		a := api.Alert{Class: "c", Subject: "s/" + strconv.Itoa(i), State: api.AlertActive}
		if i < 4 { // 1..4 cleared at t0+i h; 5 and 6 open
			at := t0.Add(time.Duration(i) * time.Hour)
			a.State, a.Cleared = api.AlertCleared, &at
		}
		if err := s.SaveAlerts([]*api.Alert{&a}); err != nil {
			t.Fatal(err)
		}
	}
	// cleared before t0+1h: #1; then at most 4 kept: #2 goes too.
	n, err := s.PruneAlerts(t0.Add(time.Hour), 4)
	if err != nil || n != 2 {
		t.Fatalf("dropped %d, %v", n, err)
	}
	left, _, _ := s.ListAlerts(AlertFilter{}, "", 10)
	var ids []string
	for _, a := range left {
		ids = append(ids, a.ID)
	}
	if len(ids) != 4 || ids[0] != "6" || ids[3] != "3" {
		t.Fatalf("left %v", ids)
	}
	// only open alerts left beyond keep: none of them goes
	if n, _ := s.PruneAlerts(t0.Add(100*time.Hour), 1); n != 2 {
		t.Fatalf("second prune dropped %d, want the 2 cleared", n)
	}
	if open, _ := s.OpenAlerts(); len(open) != 2 {
		t.Fatalf("open alerts were dropped: %+v", open)
	}
}
