package server

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/audit"
	"bams/backend/internal/polkit"
)

// denyAll is polkit saying no, counting how often it was asked.
type denyAll struct{ asked atomic.Int64 }

func (d *denyAll) Check(context.Context, polkit.Subject, string) (bool, error) {
	d.asked.Add(1)
	return false, nil
}

func auditRecords(t *testing.T, s *Server) []api.AuditRecord {
	t.Helper()
	recs, _, err := s.Audit.List(audit.Filter{}, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// An outsider's flood of denied requests with a 10 000-byte path leaves
// two small records: the first denial, and one counting the rest; polkit
// is asked only until the uid's denials run out and 429s begin.
func TestRepeatedDenialsAreCoalescedBoundedAndLimited(t *testing.T) {
	deny := &denyAll{}
	s, st := testServerAndStore(t, func(d *Deps) { d.Polkit = deny })
	sw := newSweep(t, s)
	path := "/api/v1/hosts/" + strings.Repeat("a", 10000) + "/backup"
	statuses := map[int]int{}
	for i := 0; i < 100; i++ {
		statuses[sw.send("POST", path, "").status]++
	}
	if statuses[403] != denialBurst || statuses[429] != 100-denialBurst {
		t.Errorf("answers %v, want %d × 403 then 429s", statuses, denialBurst)
	}
	if n := deny.asked.Load(); n != denialBurst {
		t.Errorf("polkit was asked %d times, want %d", n, denialBurst)
	}
	recs := auditRecords(t, s)
	if len(recs) != 1 || recs[0].Count != 0 || recs[0].Result != "denied" {
		t.Fatalf("during the window: %d records %+v, want the first denial only", len(recs), recs)
	}
	s.Audit.Close() // the window ends
	recs = auditRecords(t, s)
	if len(recs) != 2 || recs[0].Count != 99 || recs[0].Since == nil || recs[0].Status != 429 {
		t.Fatalf("after the window: %+v, want one more record counting 99", recs)
	}
	for _, r := range recs {
		if len(r.Path) > audit.MaxText || !strings.Contains(r.Path, fmt.Sprintf("[%d bytes]", len(path))) {
			t.Errorf("path of %d bytes, want it cut with its length: %q", len(r.Path), r.Path[len(r.Path)-40:])
		}
		if len(r.Error) > maxMessage {
			t.Errorf("error of %d bytes", len(r.Error))
		}
	}
	if n := st.AuditBytes(); n > 8<<10 {
		t.Errorf("100 denials took %d bytes of audit trail", n)
	}
}

// Other uids are not held back by one uid's denials, and root never is.
func TestDenialLimitIsPerUID(t *testing.T) {
	var l denialLimit
	now := timeZero()
	for i := 0; i < denialBurst; i++ {
		l.spend(1000, now)
	}
	if !l.blocked(1000, now) || l.blocked(1001, now) {
		t.Fatal("the limit must hold uid 1000 and only it")
	}
	if l.blocked(1000, now.Add(denialRefill)) {
		t.Fatal("a uid regains a request per denialRefill")
	}
}

// A path or value a caller chose is never echoed in full: not in a 414,
// not in an error quoting it, not in a field name.
func TestLongInputIsNeverEchoed(t *testing.T) {
	sw := newSweep(t, testServer(t))
	long := strings.Repeat("a", 100000)
	if got := sw.send("GET", "/api/v1/hosts/"+long, ""); got.status != 414 || got.err.Kind != api.KindURITooLong {
		t.Errorf("100 KB path: %d %+v, want 414", got.status, got.err)
	}
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/api/v1/hosts/" + long[:12000], ""},
		{"POST", "/api/v1/hosts", `{"name":"` + long[:8000] + `"}`},
		{"POST", "/api/v1/hosts", `{"` + long[:8000] + `":1}`},
		{"GET", "/api/v1/tasks?" + long[:12000] + "=1", ""},
	} {
		got := sw.send(tc.method, tc.path, tc.body)
		if got.err == nil || len(got.err.Message) > 300 || len(got.err.Field) > maxField+32 {
			t.Errorf("%s %.40s: %d message %d bytes, field %d bytes: %.120q", tc.method, tc.path, got.status,
				len(got.err.Message), len(got.err.Field), got.err.Message)
		}
	}
}

// Retention drops the oldest records once the trail outgrows
// audit.max_bytes, and a record by bamsd says what went.
func TestAuditTrailRetentionBySize(t *testing.T) {
	s, st := testServerAndStore(t, func(d *Deps) { d.Config.Audit.MaxBytes = 64 << 10 })
	params := map[string]any{}
	for i := 0; i < audit.MaxKeys; i++ {
		params[fmt.Sprint("k", i)] = strings.Repeat("v", audit.MaxValue)
	}
	for i := 0; i < 10; i++ {
		s.Audit.Write(api.AuditRecord{Time: timeZero(), User: "alice", Method: "POST", Path: "/api/v1/hosts", Params: params})
	}
	if n := st.AuditBytes(); n > 64<<10 {
		t.Fatalf("%d bytes kept, over audit.max_bytes", n)
	}
	recs := auditRecords(t, s)
	var note *api.AuditRecord
	for i := range recs {
		if recs[i].User == "bamsd" {
			note = &recs[i]
		}
	}
	if note == nil || note.Path != "/api/v1/audit" || note.Params["records"] == nil || recs[len(recs)-1].Seq == 1 {
		t.Fatalf("no record of what retention dropped: %d records, %+v", len(recs), note)
	}
}

func timeZero() time.Time { return time.Now().UTC() }
