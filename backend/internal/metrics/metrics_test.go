package metrics

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite testdata/bams_metrics.txt")

func fixture() *Metrics {
	at := func(h int) *time.Time { t := time.Date(2026, 11, 21, h, 0, 0, 0, time.UTC); return &t }
	done := api.Snapshot{Host: "web1", State: api.SnapshotComplete, Started: at(2), Finished: at(3), BytesTransferred: 2048, TotalBytes: 1 << 30, NewBytes: 4096}
	failed := api.Snapshot{Host: "db1", State: api.SnapshotFailed, Started: at(4), Finished: at(5), BytesTransferred: 10}
	snaps := map[string][]api.Snapshot{"web1": {done, done, {State: api.SnapshotUnknown}}, "db1": {failed}}
	m := New(Options{Version: "1.2.3", Log: slog.New(slog.DiscardHandler), Sources: Sources{
		Hosts: func() ([]api.HostSummary, error) {
			return []api.HostSummary{
				{Host: api.Host{Name: "web1"}, LastBackup: &done, LastSuccess: &done, Snapshots: 3},
				{Host: api.Host{Name: "db1"}, LastBackup: &failed, Snapshots: 1, RunningTask: "7"},
			}, nil
		},
		Snapshots: func(host string) ([]api.Snapshot, error) { return snaps[host], nil },
		Alerts: func() []api.Alert {
			return []api.Alert{{Level: api.AlertError, State: api.AlertActive}, {Level: api.AlertError, State: api.AlertActive},
				{Level: api.AlertWarning, State: api.AlertAcknowledged}}
		},
		Queued: func() (int, error) { return 2, nil },
	}, Storage: StorageSources{
		Repositories: func(context.Context) ([]api.Repository, error) {
			return []api.Repository{{ID: "default", Kind: api.RepoFolder, Size: 1 << 40, Used: 1 << 39, Free: 1 << 39, Health: "online"},
				{ID: "fast", Kind: api.RepoBtrfsSubvol, Health: "unavailable"}}, nil
		},
		Pools: func(context.Context) (api.PoolList, error) {
			return api.PoolList{Pools: []api.Pool{{Name: "tank", Size: 1 << 42, Allocated: 1 << 41, Health: "DEGRADED"}}}, nil
		},
		TapeMedia: func(context.Context) ([]api.TapeMedium, error) {
			return []api.TapeMedium{{Barcode: "A00001L8", Changer: "changer0", Location: api.TapeInSlot},
				{Barcode: "A00002L8", Changer: "changer0", Location: api.TapeInSlot},
				{Barcode: "A00003L8", Changer: "changer0", Location: api.TapeInDrive}}, nil
		},
		// SCST not installed: no series, and the part still counts as read
		ISCSISessions: func() ([]api.ISCSISession, error) {
			return nil, &api.Error{Kind: api.KindToolMissing, Message: "SCST is not loaded"}
		},
		// no replication yet: its series is there, 0
		ZFSSnapshots: func(context.Context) (map[string]int, error) {
			return map[string]int{"manual": 2, "snaptask": 480, "none": 7, "other": 1}, nil
		},
	}})
	m.ObserveCommand("/usr/sbin/zpool", 30*time.Millisecond, 0)
	m.ObserveCommand("rsync", 90*time.Second, 23)
	return m
}

// The bams_* series and their values, against testdata/bams_metrics.txt.
func TestMetricsGolden(t *testing.T) {
	m := fixture()
	var names []string
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), "bams_") {
			names = append(names, mf.GetName())
		}
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	var ours bytes.Buffer
	for _, l := range strings.SplitAfter(rec.Body.String(), "\n") {
		if strings.Contains(l, "bams_") {
			ours.WriteString(l)
		}
	}
	if *update {
		if err := os.WriteFile("testdata/bams_metrics.txt", ours.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/bams_metrics.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.GatherAndCompare(m.Registry(), bytes.NewReader(want), names...); err != nil {
		t.Fatal(err)
	}
	if len(names) < 20 {
		t.Fatalf("only %d bams_ metric families: %v", len(names), names)
	}
}

// Everything /metrics serves passes promtool's lint (Debian's prometheus
// package).
func TestPromtoolCheckMetrics(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		testenv.Missing(t, "promtool is not installed (apt-get install prometheus)")
	}
	rec := httptest.NewRecorder()
	fixture().Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(rec.Body.Bytes())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}
}
