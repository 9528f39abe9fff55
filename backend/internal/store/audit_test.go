package store

import (
	"encoding/json"
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

// Retention drops whole records, oldest first, by age and then by size,
// and appends, in the same transaction, the record saying what went.
func TestPruneAuditDropsTheOldestAndSaysSo(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 20; i++ {
		r := api.AuditRecord{Time: t0.Add(time.Duration(i) * 24 * time.Hour), User: "alice", Path: "/api/v1/system/selfcheck"}
		if err := s.AppendAudit(&r); err != nil {
			t.Fatal(err)
		}
	}
	full := s.AuditBytes()
	note := func(d AuditDropped) api.AuditRecord {
		return api.AuditRecord{Time: t0.Add(30 * 24 * time.Hour), User: "bamsd",
			Params: map[string]any{"dropped": d.Records, "first_seq": d.FirstSeq, "last_seq": d.LastSeq}}
	}
	// by age: the 5 records before day 5
	rec, err := s.PruneAudit(t0.Add(5*24*time.Hour), full, note)
	if err != nil || rec == nil || rec.Seq != 21 || rec.Params["dropped"] != 5 || rec.Params["first_seq"] != uint64(1) || rec.Params["last_seq"] != uint64(5) {
		t.Fatalf("by age: %+v %v", rec, err)
	}
	all, _, _ := s.ListAudit(AuditFilter{}, "", 100)
	if len(all) != 16 || all[len(all)-1].Seq != 6 || all[0].Seq != 21 {
		t.Fatalf("after age: %d records, oldest %d, newest %d", len(all), all[len(all)-1].Seq, all[0].Seq)
	}
	// by size: keep at most half
	before := s.AuditBytes()
	rec, err = s.PruneAudit(t0, before/2, note)
	if err != nil || rec == nil || rec.Params["first_seq"] != uint64(6) {
		t.Fatalf("by size: %+v %v", rec, err)
	}
	if s.AuditBytes() > before/2+int64(len(mustJSON(t, rec))) {
		t.Fatalf("%d bytes left, want about %d", s.AuditBytes(), before/2)
	}
	// nothing to drop: no record either
	if rec, err := s.PruneAudit(t0, s.AuditBytes(), note); rec != nil || err != nil {
		t.Fatalf("nothing to drop: %+v %v", rec, err)
	}
	// the counted size is what a fresh count finds
	if n, _ := sumAuditBytes(s.db); n != s.AuditBytes() {
		t.Fatalf("counted %d, really %d", s.AuditBytes(), n)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
