package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"bams/backend/api"
)

// StorageSources are the storage, tape and iSCSI figures read at each
// scrape; nil ones are left out. A part whose tool is not installed (no
// ZFS, no SCST) exports nothing and counts as read.
type StorageSources struct {
	Repositories  func(ctx context.Context) ([]api.Repository, error)
	Pools         func(ctx context.Context) (api.PoolList, error)
	TapeMedia     func(ctx context.Context) ([]api.TapeMedium, error) // the inventory: never asks a changer
	ISCSISessions func() ([]api.ISCSISession, error)
	ZFSSnapshots  func(ctx context.Context) (map[string]int, error) // by owner kind (snapshots.go)
}

// scrapeTimeout bounds what one scrape waits for a tool (zpool list).
const scrapeTimeout = 10 * time.Second

var (
	descRepoSize     = prometheus.NewDesc("bams_repository_size_bytes", "Size of the file system holding a repository.", []string{"repository", "kind"}, nil)
	descRepoUsed     = prometheus.NewDesc("bams_repository_used_bytes", "Bytes in use on the file system holding a repository.", []string{"repository", "kind"}, nil)
	descRepoFree     = prometheus.NewDesc("bams_repository_free_bytes", "Bytes free on the file system holding a repository.", []string{"repository", "kind"}, nil)
	descRepoOnline   = prometheus.NewDesc("bams_repository_online", "1 when a repository is mounted and healthy, 0 otherwise.", []string{"repository", "health"}, nil)
	descPoolHealth   = prometheus.NewDesc("bams_zfs_pool_healthy", "1 when a ZFS pool is ONLINE, 0 in any other health (the label says which).", []string{"pool", "health"}, nil)
	descPoolUsed     = prometheus.NewDesc("bams_zfs_pool_allocated_bytes", "Bytes allocated in a ZFS pool.", []string{"pool"}, nil)
	descPoolSize     = prometheus.NewDesc("bams_zfs_pool_size_bytes", "Size of a ZFS pool.", []string{"pool"}, nil)
	descTapeMedia    = prometheus.NewDesc("bams_tape_media", "Cartridges in the media inventory by library and where they were last seen (slot, drive, mail-slot, outside).", []string{"changer", "location"}, nil)
	descISCSISession = prometheus.NewDesc("bams_iscsi_sessions", "iSCSI sessions open on a target.", []string{"target"}, nil)
)

var storageDescs = []*prometheus.Desc{descRepoSize, descRepoUsed, descRepoFree, descRepoOnline, descPoolHealth,
	descPoolUsed, descPoolSize, descTapeMedia, descISCSISession, descZFSSnapshots}

// storage collects the storage, tape and iSCSI figures.
func (c *collector) storage(ch chan<- prometheus.Metric, s StorageSources) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if s.Repositories != nil {
		repos, err := s.Repositories(ctx)
		for _, r := range repos {
			gauge(ch, descRepoSize, float64(r.Size), r.ID, r.Kind)
			gauge(ch, descRepoUsed, float64(r.Used), r.ID, r.Kind)
			gauge(ch, descRepoFree, float64(r.Free), r.ID, r.Kind)
			online := 0.0
			if r.Health == "online" || r.Health == "ONLINE" {
				online = 1
			}
			gauge(ch, descRepoOnline, online, r.ID, r.Health)
		}
		c.up(ch, "repositories", err)
	}
	if s.Pools != nil {
		list, err := s.Pools(ctx)
		for _, p := range list.Pools {
			healthy := 0.0
			if p.Health == "ONLINE" {
				healthy = 1
			}
			gauge(ch, descPoolHealth, healthy, p.Name, p.Health)
			gauge(ch, descPoolUsed, float64(p.Allocated), p.Name)
			gauge(ch, descPoolSize, float64(p.Size), p.Name)
		}
		c.up(ch, "zfs", absent(err))
	}
	if s.TapeMedia != nil {
		media, err := s.TapeMedia(ctx)
		counts := map[[2]string]int{}
		for _, m := range media {
			counts[[2]string{m.Changer, m.Location}]++
		}
		for k, n := range counts {
			gauge(ch, descTapeMedia, float64(n), k[0], k[1])
		}
		c.up(ch, "tape", absent(err))
	}
	if s.ISCSISessions != nil {
		sessions, err := s.ISCSISessions()
		counts := map[string]int{}
		for _, s := range sessions {
			counts[s.Target]++
		}
		for t, n := range counts {
			gauge(ch, descISCSISession, float64(n), t)
		}
		c.up(ch, "iscsi", absent(err))
	}
	if s.ZFSSnapshots != nil {
		c.zfsSnapshots(ctx, ch, s.ZFSSnapshots)
	}
}

// absent turns "the tool is not installed" into no error: nothing to export.
func absent(err error) error {
	var kinded interface{ APIKind() api.ErrorKind }
	var ae *api.Error
	if errors.As(err, &ae) && ae.Kind == api.KindToolMissing || errors.As(err, &kinded) && kinded.APIKind() == api.KindToolMissing {
		return nil
	}
	return err
}
