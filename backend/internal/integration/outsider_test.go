package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/testenv"
)

const (
	envHammerSocket = "BAMS_HAMMER_SOCKET"
	hammerSeconds   = 10
	hammerClients   = 16     // well under limits.connections_per_uid
	hammerMax       = 200000 // requests in all, whatever the speed
)

// hammer is the helper mode: hammerClients keep-alive clients send denied
// requests with long paths and bodies for hammerSeconds (or hammerMax
// requests), and it prints how many got which status, as JSON.
func hammer(socket string) {
	long := strings.Repeat("a", 15000) // just under the 16 KiB request line limit
	shapes := []struct{ method, path, body string }{
		{"POST", "/api/v1/hosts/" + long + "/backup", ""},
		{"POST", "/api/v1/hosts", `{"name":"` + strings.Repeat("b", 900000) + `"}`},
		{"POST", "/api/v1/hosts/" + strings.Repeat("c", 20000) + "/backup", ""},  // 414
		{"POST", "/api/v1/hosts/" + strings.Repeat("d", 900000) + "/backup", ""}, // refused by net/http
		{"DELETE", "/api/v1/tasks/1?" + long[:8000] + "=1", ""},
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var sent int
	deadline := time.Now().Add(hammerSeconds * time.Second)
	var wg sync.WaitGroup
	for i := 0; i < hammerClients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1,
				DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
					return (&net.Dialer{}).DialContext(ctx, "unix", socket)
				}}}
			for time.Now().Before(deadline) {
				mu.Lock()
				if sent == hammerMax {
					mu.Unlock()
					return
				}
				sent++
				mu.Unlock()
				sh := shapes[i%len(shapes)] // one shape per client: a slow one holds up only its own
				req, _ := http.NewRequest(sh.method, "http://bamsd"+sh.path, strings.NewReader(sh.body))
				code := -1
				if resp, err := c.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				mu.Lock()
				statuses[code]++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	json.NewEncoder(os.Stdout).Encode(statuses)
}

// A local user in no BAMS group, hammering bamsd with long denied
// requests for 10 s, grows its store and its log by under 1 MB: the
// denials are coalesced into a few records whose counts add up to every
// one of them, each field bounded, and polkit is spared by 429s.
func TestOutsiderHammeringCannotFillTheDisk(t *testing.T) {
	m := testenv.RequireMachine(t)
	b := testenv.StartBamsd(t, "audit:\n  denial_window: 2s\n")
	db := filepath.Join(b.Dir, "bams.db")
	dbBefore, logBefore := fileSize(t, db), fileSize(t, b.Log)

	cmd := testenv.SelfAs(t, m.Outsider, testenv.CopyOfSelf(t), envHammerSocket+"="+b.Socket)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("hammer: %v\n%s", err, errb.String())
	}
	took := time.Since(start)
	var statuses map[int]int
	if err := json.Unmarshal(out.Bytes(), &statuses); err != nil {
		t.Fatalf("hammer printed %q: %v", out.String(), err)
	}
	total := 0
	for _, n := range statuses {
		total += n
	}
	dbGrowth, logGrowth := fileSize(t, db)-dbBefore, fileSize(t, b.Log)-logBefore
	t.Logf("%d requests in %s (%v); store grew %d bytes, log %d bytes", total, took.Round(time.Millisecond), statuses, dbGrowth, logGrowth)
	// (-1: net/http closed the connection on a request head over 64 KiB
	// while the client was still sending it)
	if statuses[403] == 0 || statuses[429] == 0 || statuses[414] == 0 {
		t.Errorf("statuses %v: want 403s, then 429s, and 414s", statuses)
	}
	if dbGrowth >= 1<<20 || logGrowth >= 1<<20 {
		t.Errorf("the store grew %d bytes and the log %d: want under 1 MB each", dbGrowth, logGrowth)
	}

	// every audited denial (403 and 429) is in the trail, as one record
	// or in a record's count, once the last window has closed
	audited := statuses[403] + statuses[429]
	var recs []api.AuditRecord
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, err := b.Client().Audit(t.Context(), client.AuditQuery{User: m.Outsider, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		recs = l.Records
		if counted(recs) >= audited || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if counted(recs) != audited {
		t.Errorf("the trail counts %d denials in %d records, the hammer got %d", counted(recs), len(recs), audited)
	}
	if len(recs) > 2*(hammerSeconds/2+2) {
		t.Errorf("%d records for one uid's denials over %d s with a 2 s window", len(recs), hammerSeconds)
	}
	for _, r := range recs {
		if b, _ := json.Marshal(r); len(b) > 4096 {
			t.Errorf("a record of %d bytes: %.200s", len(b), b)
		}
	}
}

func counted(recs []api.AuditRecord) int {
	n := 0
	for _, r := range recs {
		n += max(r.Count, 1)
	}
	return n
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
