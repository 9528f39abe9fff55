// Package samples keeps the figures the dashboard charts over time in the
// store, so a sysadmin sees trends without another server: every Every it
// asks its sources for points, and once an hour it downsamples each
// series (Downsample), which bounds what is kept: about 2 000 points a
// series, at most MaxSeries series.
package samples

import (
	"context"
	"log/slog"
	"sort"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Tiers of Downsample: raw points for RawFor, hourly averages until
// HourlyFor, daily averages until Keep; older points go.
const (
	RawFor    = 48 * time.Hour
	HourlyFor = 30 * 24 * time.Hour
	Keep      = 730 * 24 * time.Hour
	MaxSeries = 200
)

// Source reports points (series name, time, value) at now. A point may
// carry its own time (a backup's end): reading it again replaces it.
type Source func(now time.Time) ([]store.SamplePoint, error)

// Options configure a Sampler.
type Options struct {
	Store   *store.Store
	Sources []Source
	Every   time.Duration // default 5 min
	Now     func() time.Time
	Log     *slog.Logger
}

// Sampler records and downsamples.
type Sampler struct {
	o         Options
	lastPrune time.Time
}

// New returns a sampler.
func New(o Options) *Sampler {
	if o.Every <= 0 {
		o.Every = 5 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Sampler{o: o}
}

// Run samples every Every until ctx ends, the first time at once.
func (s *Sampler) Run(ctx context.Context) {
	tick := time.NewTicker(s.o.Every)
	defer tick.Stop()
	for {
		s.Sample()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Sample records one round of points and, once an hour, downsamples.
func (s *Sampler) Sample() {
	now := s.o.Now().UTC()
	known, err := s.o.Store.SeriesNames()
	if err != nil {
		s.o.Log.Error("samples: listing series", "err", err)
		return
	}
	held := map[string]bool{}
	for _, n := range known {
		held[n] = true
	}
	var points []store.SamplePoint
	for _, src := range s.o.Sources {
		got, err := src(now)
		if err != nil {
			s.o.Log.Warn("samples: reading a source", "err", err)
			continue
		}
		for _, p := range got {
			if !held[p.Series] && len(held) >= MaxSeries {
				continue // bounded: a new series beyond the limit is not started
			}
			held[p.Series] = true
			points = append(points, p)
		}
	}
	if err := s.o.Store.AddSamples(points); err != nil {
		s.o.Log.Error("samples: storing", "err", err)
	}
	if now.Sub(s.lastPrune) < time.Hour {
		return
	}
	s.lastPrune = now
	for name := range held {
		if err := s.o.Store.RewriteSeries(name, func(p []api.Sample) []api.Sample { return Downsample(p, now) }); err != nil {
			s.o.Log.Error("samples: downsampling", "series", name, "err", err)
		}
	}
}

// History returns every series from since on, by name.
func (s *Sampler) History(since time.Time) (api.History, error) {
	names, err := s.o.Store.SeriesNames()
	if err != nil {
		return api.History{}, err
	}
	h := api.History{Series: []api.Series{}}
	for _, n := range names {
		p, err := s.o.Store.Samples(n, since)
		if err != nil {
			return api.History{}, err
		}
		if len(p) > 0 {
			h.Series = append(h.Series, api.Series{Name: n, Points: p})
		}
	}
	return h, nil
}

// Downsample keeps points newer than RawFor as they are, averages older
// ones per hour until HourlyFor and per day until Keep (each average at
// its bucket's start), and drops the rest. Pure: now is the argument.
// Already averaged points average again to themselves, so it can run any
// number of times.
func Downsample(points []api.Sample, now time.Time) []api.Sample {
	type bucket struct {
		sum float64
		n   int
	}
	buckets := map[time.Time]*bucket{}
	var out []api.Sample
	for _, p := range points {
		age := now.Sub(p.Time)
		var at time.Time
		switch {
		case age <= RawFor:
			out = append(out, p)
			continue
		case age <= HourlyFor:
			at = p.Time.UTC().Truncate(time.Hour)
		case age <= Keep:
			at = p.Time.UTC().Truncate(24 * time.Hour)
		default:
			continue
		}
		b := buckets[at]
		if b == nil {
			b = &bucket{}
			buckets[at] = b
		}
		b.sum += p.Value
		b.n++
	}
	for at, b := range buckets {
		out = append(out, api.Sample{Time: at, Value: b.sum / float64(b.n)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}
