package samples

import (
	"errors"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// Series names (docs/api.md, GET /api/v1/dashboard/history).
const (
	BackupRootUsed  = "backup_root_used_bytes"
	BackupRootTotal = "backup_root_total_bytes"
	BackupDuration  = "backup_duration_seconds/" // + host
	RepositoryUsed  = "repository_used_bytes/"   // + repository id
)

// RepositoryPoints are each mounted repository's used bytes at now (one
// not mounted has no figure, so no point).
func RepositoryPoints(repos []api.Repository, now time.Time) []store.SamplePoint {
	var out []store.SamplePoint
	for _, r := range repos {
		if r.Size > 0 {
			out = append(out, store.SamplePoint{Series: RepositoryUsed + r.ID, Sample: api.Sample{Time: now, Value: float64(r.Used)}})
		}
	}
	return out
}

// UsagePoints are the backup root's filesystem figures at now.
func UsagePoints(u api.DiskUsage, now time.Time) ([]store.SamplePoint, error) {
	if u.Error != "" {
		return nil, errors.New(u.Error)
	}
	return []store.SamplePoint{{Series: BackupRootUsed, Sample: api.Sample{Time: now, Value: float64(u.Used)}},
		{Series: BackupRootTotal, Sample: api.Sample{Time: now, Value: float64(u.Total)}}}, nil
}

// DurationPoints are each host's newest finished run, at its end: read
// again and again, the same run is the same point.
func DurationPoints(hosts []api.HostSummary) []store.SamplePoint {
	var out []store.SamplePoint
	for _, h := range hosts {
		if r := h.LastBackup; r != nil && r.Started != nil && r.Finished != nil {
			out = append(out, store.SamplePoint{Series: BackupDuration + h.Name,
				Sample: api.Sample{Time: *r.Finished, Value: r.Finished.Sub(*r.Started).Seconds()}})
		}
	}
	return out
}
