package samples

import (
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

func TestDownsample(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	in := []api.Sample{
		{Time: at(800 * 24 * time.Hour), Value: 9},             // older than Keep: dropped
		{Time: at(40*24*time.Hour + 3*time.Hour), Value: 1},    // daily
		{Time: at(40*24*time.Hour + 1*time.Hour), Value: 3},    // same day: averaged
		{Time: at(3*24*time.Hour + 50*time.Minute), Value: 10}, // hourly
		{Time: at(3*24*time.Hour + 20*time.Minute), Value: 20}, // same hour: averaged
		{Time: at(time.Hour), Value: 7},                        // raw
		{Time: at(time.Minute), Value: 8},                      // raw
	}
	got := Downsample(in, now)
	want := []api.Sample{
		{Time: at(40*24*time.Hour + 3*time.Hour).Truncate(24 * time.Hour), Value: 2},
		{Time: at(3*24*time.Hour + 50*time.Minute).Truncate(time.Hour), Value: 15},
		{Time: at(time.Hour), Value: 7},
		{Time: at(time.Minute), Value: 8},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) || got[i].Value != want[i].Value {
			t.Fatalf("point %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// again: nothing changes
	again := Downsample(got, now)
	for i := range got {
		if !again[i].Time.Equal(got[i].Time) || again[i].Value != got[i].Value {
			t.Fatalf("a second pass changed %+v into %+v", got, again)
		}
	}
}

// A year of samples every 5 minutes stays bounded.
func TestSamplerIsBounded(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "bams.db"), store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var hourly []store.SamplePoint
	for m := 0; m < 365*24*60; m += 5 {
		hourly = append(hourly, store.SamplePoint{Series: "used", Sample: api.Sample{Time: now.Add(time.Duration(m) * time.Minute), Value: float64(m)}})
	}
	if err := st.AddSamples(hourly); err != nil {
		t.Fatal(err)
	}
	end := now.Add(365 * 24 * time.Hour)
	s := New(Options{Store: st, Now: func() time.Time { return end }, Log: slog.New(slog.DiscardHandler),
		Sources: []Source{func(at time.Time) ([]store.SamplePoint, error) {
			return []store.SamplePoint{{Series: "used", Sample: api.Sample{Time: at, Value: 1}}}, nil
		}}})
	s.Sample()
	h, err := s.History(time.Time{})
	if err != nil || len(h.Series) != 1 {
		t.Fatalf("%+v %v", h, err)
	}
	n := len(h.Series[0].Points)
	// 48 h raw (577), 28 days hourly (672), the rest daily (335)
	if n < 1500 || n > 1600 {
		t.Fatalf("%d points kept of a year's 105 121", n)
	}
}

func TestPoints(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if _, err := UsagePoints(api.DiskUsage{Error: "no such file"}, now); err == nil {
		t.Fatal("a statfs error is a failed read")
	}
	got, _ := UsagePoints(api.DiskUsage{Used: 5, Total: 10}, now)
	if len(got) != 2 || got[0].Series != BackupRootUsed || got[0].Value != 5 || got[1].Value != 10 {
		t.Fatalf("usage %+v", got)
	}
	start, end := now.Add(-90*time.Second), now
	hosts := []api.HostSummary{
		{Host: api.Host{Name: "web1"}, LastBackup: &api.Snapshot{Started: &start, Finished: &end}},
		{Host: api.Host{Name: "running"}, LastBackup: &api.Snapshot{Started: &start}},
		{Host: api.Host{Name: "new"}},
	}
	d := DurationPoints(hosts)
	if len(d) != 1 || d[0].Series != "backup_duration_seconds/web1" || d[0].Value != 90 || !d[0].Time.Equal(end) {
		t.Fatalf("durations %+v", d)
	}
	r := RepositoryPoints([]api.Repository{{ID: "fast", Size: 100, Used: 40}, {ID: "offline"}}, now)
	if len(r) != 1 || r[0].Series != "repository_used_bytes/fast" || r[0].Value != 40 || !r[0].Time.Equal(now) {
		t.Fatalf("repositories %+v (one not mounted has no point)", r)
	}
}
