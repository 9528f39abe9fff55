package store

import (
	"testing"
	"time"

	"bams/backend/api"
)

func TestSamples(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	pt := func(series string, min int, v float64) SamplePoint {
		return SamplePoint{series, api.Sample{Time: t0.Add(time.Duration(min) * time.Minute), Value: v}}
	}
	if err := s.AddSamples([]SamplePoint{pt("used", 0, 1), pt("used", 5, 2), pt("used", 10, 3), pt("took/web1", 0, 60)}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSamples([]SamplePoint{pt("used", 10, 4)}); err != nil { // the same time again: replaced
		t.Fatal(err)
	}
	got, _ := s.Samples("used", t0.Add(5*time.Minute))
	if len(got) != 2 || got[0].Value != 2 || got[1].Value != 4 {
		t.Fatalf("since 5 min: %+v", got)
	}
	if names, _ := s.SeriesNames(); len(names) != 2 || names[0] != "took/web1" {
		t.Fatalf("names %v", names)
	}
	if err := s.RewriteSeries("used", func(p []api.Sample) []api.Sample { return p[:1] }); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Samples("used", time.Time{}); len(got) != 1 || got[0].Value != 1 {
		t.Fatalf("after rewrite: %+v", got)
	}
	if err := s.RewriteSeries("used", func([]api.Sample) []api.Sample { return nil }); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.SeriesNames(); len(names) != 1 {
		t.Fatalf("an emptied series stays: %v", names)
	}
}
