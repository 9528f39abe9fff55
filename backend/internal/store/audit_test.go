package store

import (
	"testing"
	"time"

	"bams/backend/api"
)

func TestAuditAppendFilterPage(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		r := api.AuditRecord{Time: t0.Add(time.Duration(i) * time.Hour), User: []string{"alice", "bob"}[i%2],
			Action: api.ActionOperate, Method: "POST", Path: "/api/v1/system/selfcheck"}
		if err := s.AppendAudit(&r); err != nil || r.Seq != uint64(i+1) {
			t.Fatalf("append %d: seq %d %v", i, r.Seq, err)
		}
	}
	all, next, _ := s.ListAudit(AuditFilter{}, "", 20)
	if len(all) != 20 || all[0].Seq != 30 || next != "11" {
		t.Fatalf("first page: %d records, first %d, next %q", len(all), all[0].Seq, next)
	}
	rest, next, _ := s.ListAudit(AuditFilter{}, next, 20)
	if len(rest) != 10 || rest[0].Seq != 10 || next != "" {
		t.Fatalf("second page: %d, first %d, next %q", len(rest), rest[0].Seq, next)
	}
	alice, _, _ := s.ListAudit(AuditFilter{User: "alice", Since: t0.Add(10 * time.Hour), Until: t0.Add(20 * time.Hour)}, "", 100)
	if len(alice) != 5 {
		t.Fatalf("alice 10h..20h: %d records, want 5", len(alice))
	}
	for _, r := range alice {
		if r.User != "alice" || r.Time.Before(t0.Add(10*time.Hour)) || !r.Time.Before(t0.Add(20*time.Hour)) {
			t.Fatalf("filter leaked %+v", r)
		}
	}
}
