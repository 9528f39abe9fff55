package metrics

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"bams/backend/api"
	"bams/backend/internal/testenv"
)

func replicationFixture() []prometheus.Collector {
	at := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	return Replication(func() ([]api.ReplicationTask, error) {
		return []api.ReplicationTask{
			{ReplicationConfig: api.ReplicationConfig{Name: "offsite"}, BytesSent: 1 << 30, CommonTime: &at, LagSeconds: 3600,
				LastRun: &api.ReplicationRun{Result: api.ReplicationSucceeded}},
			{ReplicationConfig: api.ReplicationConfig{Name: "dr"}, BytesSent: 4096, LastRun: &api.ReplicationRun{Result: api.ReplicationFailed}},
			{ReplicationConfig: api.ReplicationConfig{Name: "new"}}, // never ran: no lag, no last run
		}, nil
	}, slog.New(slog.DiscardHandler))
}

// The replication series against testdata/replication_metrics.txt (docs/metrics.md lists them).
func TestReplicationMetricsGolden(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(replicationFixture()...)
	want, err := os.ReadFile("testdata/replication_metrics.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.GatherAndCompare(reg, bytes.NewReader(want)); err != nil {
		t.Fatal(err)
	}
	// and through New's registry, beside everything else
	m := New(Options{Version: "test", Log: slog.New(slog.DiscardHandler), Collectors: replicationFixture()})
	if err := testutil.GatherAndCompare(m.Registry(), bytes.NewReader(want), "bams_replication_lag_seconds", "bams_replication_sent_bytes_total", "bams_replication_last_run_success"); err != nil {
		t.Fatal(err)
	}
}

func TestReplicationMetricsPassPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		testenv.Missing(t, "promtool is not installed (apt-get install prometheus)")
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(replicationFixture()...)
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(rec.Body.Bytes())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}
}
