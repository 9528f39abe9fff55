package metrics

import (
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"bams/backend/api"
)

var (
	descReplLag     = prometheus.NewDesc("bams_replication_lag_seconds", "Age of the newest snapshot a replication task knows is on its target.", []string{"replication"}, nil)
	descReplSent    = prometheus.NewDesc("bams_replication_sent_bytes_total", "Stream bytes a replication task has sent, all runs.", []string{"replication"}, nil)
	descReplSuccess = prometheus.NewDesc("bams_replication_last_run_success", "1 when a replication task's last run succeeded, 0 when it failed or was cancelled.", []string{"replication"}, nil)
)

// replicationCollector reads the replication tasks at each scrape. The
// label is the task's name: tasks are made by admins, so it stays bounded.
type replicationCollector struct {
	list func() ([]api.ReplicationTask, error)
	log  *slog.Logger
}

// Replication is Options.Collectors with the collector of the
// replication tasks' figures (a slice, so the daemon need not name
// client_golang's types, which only this package imports).
func Replication(list func() ([]api.ReplicationTask, error), log *slog.Logger) []prometheus.Collector {
	if log == nil {
		log = slog.Default()
	}
	return []prometheus.Collector{&replicationCollector{list: list, log: log}}
}

func (c *replicationCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descReplLag, descReplSent, descReplSuccess} {
		ch <- d
	}
}

func (c *replicationCollector) Collect(ch chan<- prometheus.Metric) {
	list, err := c.list()
	if err != nil {
		c.log.Warn("metrics: reading", "part", "replication", "err", err)
		return
	}
	for _, t := range list {
		ch <- prometheus.MustNewConstMetric(descReplSent, prometheus.CounterValue, float64(t.BytesSent), t.Name)
		if t.CommonTime != nil {
			gauge(ch, descReplLag, float64(t.LagSeconds), t.Name)
		}
		if t.LastRun != nil {
			ok := 0.0
			if t.LastRun.Result == api.ReplicationSucceeded {
				ok = 1
			}
			gauge(ch, descReplSuccess, ok, t.Name)
		}
	}
}
