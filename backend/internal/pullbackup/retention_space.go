package pullbackup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
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
	hostDir, err := s.hostDir(host)
	if err != nil {
		return api.Task{}, err
	}
	var dirs []string
	for _, d := range wire.Snapshots {
		if d.Action == api.RetentionDelete {
			res.Snapshots = append(res.Snapshots, d.Name)
			dirs = append(dirs, filepath.Join(hostDir, d.Name))
		}
	}
	return s.tasks.Start(SpaceTaskKind, host, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		freed, entries, err := exactFreed(ctx, dirs, func(i int, entries int64) {
			run.Progress(api.Progress{Percent: float64(100 * i / max(len(dirs), 1)), Files: entries,
				Step: fmt.Sprintf("measuring snapshot %d of %d", i+1, len(dirs))})
		})
		res.FreedBytes, res.Entries = freed, entries
		if serr := run.SetResult(res); err == nil {
			err = serr
		}
		return err
	})
}

// inodeUse is what the walk knows of one hard-linked inode.
type inodeUse struct {
	seen, nlink uint64
	bytes       int64
}

// exactFreed walks dirs (never following symlinks) and adds up the disk
// blocks of every entry none of whose hard links lies outside them. A
// folder that has vanished in the meantime is skipped. progress(i, n) is
// called as the walk enters dirs[i], and every 10 000 entries.
func exactFreed(ctx context.Context, dirs []string, progress func(i int, entries int64)) (freed, entries int64, err error) {
	linked := map[[2]uint64]*inodeUse{}
	for i, dir := range dirs {
		progress(i, entries)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if entries++; entries%10000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				progress(i, entries)
			}
			fi, err := d.Info()
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			} else if err != nil {
				return err
			}
			st, ok := fi.Sys().(*syscall.Stat_t)
			if !ok {
				return nil
			}
			size := st.Blocks * 512
			if d.IsDir() || st.Nlink <= 1 {
				freed += size
				return nil
			}
			key := [2]uint64{st.Dev, st.Ino}
			u := linked[key]
			if u == nil {
				u = &inodeUse{nlink: st.Nlink, bytes: size}
				linked[key] = u
			}
			u.seen++
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, entries, err
		}
	}
	for _, u := range linked {
		if u.seen >= u.nlink {
			freed += u.bytes
		}
	}
	return freed, entries, nil
}
