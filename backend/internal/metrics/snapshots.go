package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// descZFSSnapshots counts snapshots by their owner's kind: the label is
// bounded to the kinds (the service maps any other to "other"), never an
// owner's id, so a thousand snapshot tasks are still four series.
var descZFSSnapshots = prometheus.NewDesc("bams_zfs_snapshots", "ZFS snapshots by owner kind (bams:owner: manual, snaptask, replication; none = made by hand or another tool).", []string{"owner"}, nil)

// zfsSnapshots exports the counts, every BAMS kind and none present (0 included).
func (c *collector) zfsSnapshots(ctx context.Context, ch chan<- prometheus.Metric, counts func(context.Context) (map[string]int, error)) {
	n, err := counts(ctx)
	if err == nil {
		for _, kind := range []string{"manual", "snaptask", "replication", "none"} {
			n[kind] += 0
		}
		for kind, v := range n {
			gauge(ch, descZFSSnapshots, float64(v), kind)
		}
	}
	c.up(ch, "zfs-snapshots", absent(err))
}
