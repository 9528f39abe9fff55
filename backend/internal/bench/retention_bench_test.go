package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/client"
	"bams/backend/internal/store"
	"bams/backend/internal/testenv"
)

const seededSnapshots = 10000

// BenchmarkRetentionPlan is issue 5's target: GET .../retention/plan for
// a host with 10 000 snapshot records, end to end through a real bamsd
// over its socket, as root: the store read, the plan, the JSON of 10 000
// verdicts and its transfer (raw), plus the Go client's decoding
// (decoded). cold-ms is the first plan after bamsd started, before it
// has the records decoded in memory.
func BenchmarkRetentionPlan(b *testing.B) {
	testenv.RequireMachine(b)
	d := testenv.StartBamsd(b, "")
	d.Stop()
	seedSnapshots(b, filepath.Join(d.Dir, "bams.db"), seededSnapshots)
	d.Start()
	c, ctx := d.Client(), context.Background()
	start := time.Now()
	if _, err := c.RetentionPlan(ctx, "big", client.PlanQuery{}); err != nil {
		b.Fatal(err)
	}
	cold := time.Since(start)
	for _, kind := range []string{"scheduled", "all"} {
		b.Run("kind="+kind+"/raw", func(b *testing.B) {
			for b.Loop() {
				code, body, err := c.Raw(ctx, "GET", "/api/v1/hosts/big/retention/plan?kind="+kind, "")
				if err != nil || code != 200 || len(body) < seededSnapshots*100 {
					b.Fatalf("%d %v %d bytes", code, err, len(body))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/plan")
			b.ReportMetric(float64(cold.Microseconds())/1000, "cold-ms")
		})
		b.Run("kind="+kind+"/decoded", func(b *testing.B) {
			var plan api.RetentionPlan
			for b.Loop() {
				var err error
				if plan, err = c.RetentionPlan(ctx, "big", client.PlanQuery{Kind: kind}); err != nil {
					b.Fatal(err)
				}
			}
			if len(plan.Snapshots) != seededSnapshots || plan.Delete == 0 || plan.Keep == 0 {
				b.Fatalf("plan: %d snapshots, keep %d, delete %d", len(plan.Snapshots), plan.Keep, plan.Delete)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/plan")
		})
	}
}

// seedSnapshots records a host with n hourly snapshots going back from
// now: scheduled with a manual one in ten, a failed one in fifty, a few
// protected, each based on the one before.
func seedSnapshots(b *testing.B, path string, n int) {
	b.Helper()
	st, err := store.Open(path, store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateHost(api.Host{Name: "big", Address: "127.0.0.9", Port: 22, User: "root", Paths: []string{"/srv"}}); err != nil {
		b.Fatal(err)
	}
	start := time.Now().UTC().Add(-time.Duration(n) * time.Hour).Truncate(time.Hour)
	base := ""
	for i := range n {
		at := start.Add(time.Duration(i) * time.Hour)
		snap := api.Snapshot{Host: "big", Name: at.Format("2006-01-02T15-04-05Z"), Kind: api.KindScheduled,
			State: api.SnapshotComplete, Started: &at, NewBytes: int64(1000 + i), TotalBytes: 1 << 30, Base: base}
		switch {
		case i%50 == 7:
			snap.State, snap.Error, snap.NewBytes, snap.Base = api.SnapshotFailed, "rsync exited with code 23", 0, ""
		case i%10 == 3:
			snap.Kind = api.KindManual
		}
		if i%1000 == 5 {
			snap.Protected = &api.Protection{By: "admin", At: at, Why: "audit"}
		}
		if snap.State == api.SnapshotComplete {
			base = snap.Name
		}
		if err := st.PutSnapshot(snap); err != nil {
			b.Fatal(err)
		}
	}
}
