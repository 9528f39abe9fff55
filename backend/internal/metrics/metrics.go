// Package metrics serves bamsd's Prometheus metrics (GET /metrics, on the
// socket and optionally on a TCP address), written with client_golang.
// Figures are read from the services at scrape time (nothing is kept in
// between) except command durations, which execx reports as they happen.
// The names and labels are stable and listed in docs/metrics.md.
package metrics

import (
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"bams/backend/api"
)

// Sources are what the collector reads at each scrape; nil ones are left
// out. Features that come later add their own prometheus.Collector to
// Options.Collectors (repositories, pools, replication, tape, iSCSI).
type Sources struct {
	Hosts     func() ([]api.HostSummary, error)
	Snapshots func(host string) ([]api.Snapshot, error)
	Alerts    func() []api.Alert
	Queued    func() (int, error) // notifications waiting
}

// Options configure the metrics.
type Options struct {
	Sources    Sources
	Storage    StorageSources
	Collectors []prometheus.Collector
	Version    string
	Log        *slog.Logger
}

// Metrics is bamsd's registry and the collectors in it.
type Metrics struct {
	reg      *prometheus.Registry
	commands *prometheus.HistogramVec
}

// New registers every collector in a registry of bamsd's own (no global
// state: tests make as many as they like).
func New(o Options) *Metrics {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	m := &Metrics{reg: prometheus.NewPedanticRegistry(),
		commands: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bams_command_duration_seconds",
			Help:    "Time external tools took, by tool and whether they exited 0.",
			Buckets: []float64{0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800},
		}, []string{"tool", "result"})}
	info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "bams_build_info", Help: "bamsd's version (always 1).",
		ConstLabels: prometheus.Labels{"version": o.Version}})
	info.Set(1)
	m.reg.MustRegister(info, m.commands, &collector{s: o.Sources, storageSources: o.Storage, log: o.Log},
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	for _, c := range o.Collectors {
		m.reg.MustRegister(c)
	}
	return m
}

// ObserveCommand is execx.Runner.Observe.
func (m *Metrics) ObserveCommand(tool string, took time.Duration, exit int) {
	result := "ok"
	if exit != 0 {
		result = "failed"
	}
	m.commands.WithLabelValues(filepath.Base(tool), result).Observe(took.Seconds())
}

// Handler serves the registry in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Registry is the registry (tests compare it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

var (
	descSnapshots   = prometheus.NewDesc("bams_backup_snapshots", "Snapshot records of a host's pull backups, by state (complete, failed, unknown).", []string{"host", "state"}, nil)
	descLastSuccess = prometheus.NewDesc("bams_backup_last_success_timestamp_seconds", "When a host's newest complete snapshot finished (Unix time).", []string{"host"}, nil)
	descLastRun     = prometheus.NewDesc("bams_backup_last_run_timestamp_seconds", "When a host's newest backup run finished (Unix time), whatever its state.", []string{"host"}, nil)
	descLastOK      = prometheus.NewDesc("bams_backup_last_run_success", "1 when a host's newest backup run is complete, 0 when it failed.", []string{"host"}, nil)
	descLastBytes   = prometheus.NewDesc("bams_backup_last_transferred_bytes", "Bytes rsync transferred in a host's newest backup run.", []string{"host"}, nil)
	descLastSize    = prometheus.NewDesc("bams_backup_last_size_bytes", "Size of the files of a host's newest complete snapshot.", []string{"host"}, nil)
	descLastNew     = prometheus.NewDesc("bams_backup_last_new_bytes", "Data of a host's newest complete snapshot not linked from its base.", []string{"host"}, nil)
	descLastTook    = prometheus.NewDesc("bams_backup_last_duration_seconds", "How long a host's newest backup run took.", []string{"host"}, nil)
	descRunning     = prometheus.NewDesc("bams_backup_running", "1 while a backup of the host runs.", []string{"host"}, nil)
	descAlerts      = prometheus.NewDesc("bams_alerts", "Open alerts by level and state (active, acknowledged).", []string{"level", "state"}, nil)
	descQueued      = prometheus.NewDesc("bams_notifications_queued", "Notifications waiting in the retry queue.", nil, nil)
	descUp          = prometheus.NewDesc("bams_collector_success", "1 when a part of the metrics could be read at this scrape.", []string{"part"}, nil)
)

// collector reads the services at each scrape.
type collector struct {
	s              Sources
	storageSources StorageSources
	log            *slog.Logger
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSnapshots, descLastSuccess, descLastRun, descLastOK, descLastBytes, descLastSize,
		descLastNew, descLastTook, descRunning, descAlerts, descQueued, descUp} {
		ch <- d
	}
	for _, d := range storageDescs {
		ch <- d
	}
}

func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
}

// up says whether a part could be read at this scrape.
func (c *collector) up(ch chan<- prometheus.Metric, part string, err error) {
	v := 1.0
	if err != nil {
		v = 0
		c.log.Warn("metrics: reading", "part", part, "err", err)
	}
	gauge(ch, descUp, v, part)
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	up := func(part string, err error) { c.up(ch, part, err) }
	c.storage(ch, c.storageSources)
	if c.s.Hosts != nil {
		up("backups", c.backups(ch))
	}
	if c.s.Alerts != nil {
		counts := map[[2]string]int{}
		for _, lvl := range []api.AlertLevel{api.AlertInfo, api.AlertWarning, api.AlertError, api.AlertCritical} {
			for _, st := range []api.AlertState{api.AlertActive, api.AlertAcknowledged} {
				counts[[2]string{string(lvl), string(st)}] = 0 // every series present, 0 included
			}
		}
		for _, a := range c.s.Alerts() {
			counts[[2]string{string(a.Level), string(a.State)}]++
		}
		for k, n := range counts {
			gauge(ch, descAlerts, float64(n), k[0], k[1])
		}
	}
	if c.s.Queued != nil {
		n, err := c.s.Queued()
		if err == nil {
			gauge(ch, descQueued, float64(n))
		}
		up("notifications", err)
	}
}

func (c *collector) backups(ch chan<- prometheus.Metric) error {
	hosts, err := c.s.Hosts()
	if err != nil {
		return err
	}
	for _, h := range hosts {
		running := 0.0
		if h.RunningTask != "" {
			running = 1
		}
		gauge(ch, descRunning, running, h.Name)
		if c.s.Snapshots != nil {
			snaps, err := c.s.Snapshots(h.Name)
			if err != nil {
				return err
			}
			states := map[string]int{api.SnapshotComplete: 0, api.SnapshotFailed: 0, api.SnapshotUnknown: 0}
			for _, s := range snaps {
				states[s.State]++
			}
			for st, n := range states {
				gauge(ch, descSnapshots, float64(n), h.Name, st)
			}
		}
		if s := h.LastSuccess; s != nil {
			if s.Finished != nil {
				gauge(ch, descLastSuccess, float64(s.Finished.Unix()), h.Name)
			}
			gauge(ch, descLastSize, float64(s.TotalBytes), h.Name)
			gauge(ch, descLastNew, float64(s.NewBytes), h.Name)
		}
		if r := h.LastBackup; r != nil && r.State != api.SnapshotUnknown {
			ok := 0.0
			if r.State == api.SnapshotComplete {
				ok = 1
			}
			gauge(ch, descLastOK, ok, h.Name)
			gauge(ch, descLastBytes, float64(r.BytesTransferred), h.Name)
			if r.Finished != nil {
				gauge(ch, descLastRun, float64(r.Finished.Unix()), h.Name)
				if r.Started != nil {
					gauge(ch, descLastTook, r.Finished.Sub(*r.Started).Seconds(), h.Name)
				}
			}
		}
	}
	return nil
}
