package pullbackup

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/tasks"
)

// SpaceTaskKind is the task kind of measuring what a retention plan frees.
const SpaceTaskKind = "retention-space"

// StartRetentionSpace measures, as a task, the exact space the host's
// current plan would free: the blocks whose every hard link lies in the
// snapshots it deletes (ARCHITECTURE.md). It only reads, and takes no lock: a
// backup running meanwhile can only add links, which makes the figure
// smaller, never wrong in the direction that deletes more than it says.
func (s *Service) StartRetentionSpace(host string, req api.RetentionSpaceRequest, by api.Caller) (api.Task, error) {
	view, err := s.RetentionPolicy(host)
	if err != nil {
		return api.Task{}, err
	}
	hp, err := s.planHost(host, view.Policy, view.Source, req.Kind, time.Now())
	if err != nil {
		return api.Task{}, err
	}
	wire := hp.wire(host)
	res := api.RetentionSpace{Host: host, Kind: hp.kind, PlanToken: wire.PlanToken, Snapshots: []string{},
		FreedBytesEstimate: wire.FreedBytesEstimate}
	for _, d := range wire.Snapshots {
		if d.Action == api.RetentionDelete {
			res.Snapshots = append(res.Snapshots, d.Name)
		}
	}
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return api.Task{}, err
	}
	return s.tasks.Start(SpaceTaskKind, host, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		n := len(res.Snapshots)
		freed, entries, err := onDisk.Freed(ctx, res.Snapshots, func(i int, entries int64) {
			run.Progress(api.Progress{Percent: float64(100 * i / max(n, 1)), Files: entries,
				Step: fmt.Sprintf("measuring snapshot %d of %d", i+1, n)})
		})
		res.FreedBytes, res.Entries = freed, entries
		if serr := run.SetResult(res); err == nil {
			err = serr
		}
		return err
	})
}
