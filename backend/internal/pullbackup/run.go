package pullbackup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/rsync"
	"bams/backend/internal/snapstore"
	"bams/backend/internal/ssh"
	"bams/backend/internal/tasks"
)

// TaskKind is the task kind of a backup run.
const TaskKind = "backup"

// StartBackup runs one backup of the host as a task, then, when prune is
// set and the backup succeeded, applies the host's retention policy. The
// host's lock is taken here, before the task exists, so a second run gets
// 409 busy at once instead of a task that fails.
func (s *Service) StartBackup(name, kind string, prune bool, by api.Caller) (api.Task, error) {
	if kind == "" {
		kind = api.KindManual
	}
	if kind != api.KindManual && kind != api.KindScheduled {
		return api.Task{}, invalid("kind", "kind must be manual or scheduled")
	}
	h, err := s.Host(name)
	if err != nil {
		return api.Task{}, err
	}
	if h.HostKey == "" {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"the host key of %s is not accepted yet: run `bamsctl host test %s`, check the fingerprint, then `bamsctl host accept-key %s FINGERPRINT`", name, name, name)}
	}
	lock, err := s.locks.acquireForTask(name)
	if err != nil {
		return api.Task{}, err
	}
	task, err := s.tasks.Start(TaskKind, name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		defer lock.release()
		lock.setTask(run.ID())
		if err := s.backup(ctx, run, h, kind); err != nil {
			return err // a failed backup never prunes
		}
		if prune {
			// The backup itself succeeded: a prune that fails is said in the
			// log, not turned into a failed backup.
			if err := s.PruneAfterBackup(ctx, run, name); err != nil {
				run.Log("warn", err.Error())
			}
		}
		return nil
	})
	if err != nil {
		lock.release()
		return api.Task{}, err
	}
	lock.setTask(task.ID)
	return task, nil
}

// backup is one run, exactly as the snapshot lifecycle in ARCHITECTURE.md says.
func (s *Service) backup(ctx context.Context, run *tasks.Run, h api.Host, kind string) error {
	select {
	case s.slots <- struct{}{}: // a free slot: no step to show (nor to store)
	default:
		run.Progress(api.Progress{Step: "waiting for a free backup slot"})
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-s.slots }()
	started := time.Now().UTC()
	name, err := s.freeName(h.Name, started)
	if err != nil {
		return err
	}
	snap := api.Snapshot{Host: h.Name, Name: name, Kind: kind, Started: &started, TaskID: run.ID()}
	err = s.transfer(ctx, run, h, &snap)
	if err == nil {
		return nil
	}
	// A failed run leaves a record without data and never changes which
	// snapshot is the base; its staging folder stays for the next run to
	// reuse through --link-dest.
	finished := time.Now().UTC()
	snap.State, snap.Finished, snap.Error = api.SnapshotFailed, &finished, err.Error()
	if perr := s.store.PutSnapshot(snap); perr != nil {
		run.Log("error", "recording the failed run: "+perr.Error())
	}
	return err
}

// recordCrashedRun leaves the record of a backup that bamsd's crash (or a
// kill -9) ended, as every other failed run leaves one: its staging folder
// stays for the next run to reuse.
func (s *Service) recordCrashedRun(t api.Task) {
	started := t.Created
	if t.Started != nil {
		started = *t.Started
	}
	kind := api.KindManual
	if t.By.User == schedulerCaller().User {
		kind = api.KindScheduled
	}
	name, err := s.freeName(t.Target, started.UTC())
	if err == nil {
		finished := time.Now().UTC()
		err = s.store.PutSnapshot(api.Snapshot{Host: t.Target, Name: name, Kind: kind, State: api.SnapshotFailed,
			Started: &started, Finished: &finished, TaskID: t.ID, Error: t.Error})
	}
	if err != nil {
		s.store.AppendTaskLog(t.ID, api.LogLine{Time: time.Now().UTC(), Level: "error", Text: "recording the failed run: " + err.Error()})
	}
	os.RemoveAll(s.runDir(t.ID))
}

func (s *Service) transfer(ctx context.Context, run *tasks.Run, h api.Host, snap *api.Snapshot) error {
	onDisk, err := s.snapshotsOf(h.Name)
	if err != nil {
		return err
	}
	if err := ensureRoot(filepath.Dir(onDisk.Dir())); err != nil {
		return err
	}
	base, err := s.newestComplete(h.Name)
	if err != nil {
		return err
	}
	older, err := onDisk.Stagings()
	if err != nil {
		return err
	}
	staging, err := onDisk.Stage(run.ID(), relativePaths(h.Paths))
	if err != nil {
		return err
	}
	conf, err := s.confine(ctx, run, h, onDisk.Dir())
	if err != nil {
		return err
	}
	defer conf.close()
	var bases []string
	switch {
	case onDisk.InPlace() && base != nil:
		// No Base: nothing is linked from it, so retention need not keep it.
		run.Log("info", "updating the working copy in place; the snapshot before is "+base.Name)
	case onDisk.InPlace():
		run.Log("info", "updating the working copy in place; no snapshot before it")
	default:
		bases = linkBases(run, conf, onDisk, base, older, snap)
	}

	took := phases{last: *snap.Started}
	opts := s.sshOptions(h)
	if h.PreBackup != "" {
		run.Progress(api.Progress{Step: "running the pre-backup command"})
		if _, err := ssh.Run(ctx, s.runner, opts, h.PreBackup); err != nil {
			return fmt.Errorf("pre-backup command: %w", err)
		}
	}
	took.mark("prepare")
	stats, warn, pullErr := s.pullAll(ctx, run, h, conf, onDisk.Path(staging), bases, onDisk.InPlace(), onDisk.Protected())
	took.mark("transfer")
	run.SetPGID(0)
	var warnings []string
	if h.PostBackup != "" {
		// it runs whatever happened (it may remove a dump the pre command made)
		if _, err := ssh.Run(context.WithoutCancel(ctx), s.runner, opts, h.PostBackup); err != nil {
			warnings = append(warnings, "post-backup command failed: "+err.Error())
			run.Log("warn", warnings[0])
		}
	}
	var re *rsync.Error
	if errors.As(pullErr, &re) {
		snap.ExitCode = re.Code
	}
	if pullErr != nil {
		return pullErr
	}
	if warn != nil {
		snap.ExitCode = warn.Code
		warnings = append(warnings, warn.String())
		run.Log("warn", warn.String())
	}
	snap.Warning = strings.Join(warnings, "; ")
	snap.FilesTransferred, snap.BytesTransferred = stats.TransferredFiles, stats.LiteralData
	snap.TotalBytes, snap.NewBytes = stats.TotalSize, stats.NewBytes()

	run.Progress(api.Progress{Percent: 100, Step: "making the snapshot durable"})
	finished := time.Now().UTC()
	snap.State, snap.Finished = api.SnapshotComplete, &finished
	took.mark("finish")
	if err := onDisk.Commit(staging, *snap); err != nil {
		return fmt.Errorf("finishing the snapshot: %w", err)
	}
	took.mark("durable")
	if err := s.store.PutSnapshot(*snap); err != nil {
		return fmt.Errorf("recording the snapshot: %w", err)
	}
	took.mark("record")
	run.Log("info", fmt.Sprintf("snapshot %s: %d files transferred, %d bytes new, %d bytes in all",
		snap.Name, snap.FilesTransferred, snap.NewBytes, snap.TotalBytes))
	run.Log("info", took.String())
	// Only now are the interrupted runs' files safely in a snapshot.
	for _, old := range older {
		if err := onDisk.DropStaging(old); err != nil {
			run.Log("warn", "removing the old staging folder "+old+": "+err.Error())
		}
	}
	return run.SetResult(*snap)
}

// linkBases are the folders a hard-link run links unchanged files from:
// an interrupted run's staging folder first (its finished files are
// hard-linked, never modified in place: they may be links into older
// snapshots), then the newest complete snapshot; each only where the
// confinement allows it.
func linkBases(run *tasks.Run, conf *confinement, onDisk snapstore.Store, base *api.Snapshot, older []string, snap *api.Snapshot) []string {
	var bases []string
	if len(older) > 0 {
		bases = append(bases, onDisk.Path(older[0]))
	}
	if base != nil {
		bases = append(bases, onDisk.Path(base.Name))
	}
	bases = conf.safeBases(run, bases)
	for _, b := range bases {
		if name := filepath.Base(b); base != nil && name == base.Name {
			snap.Base = base.Name
			run.Log("info", "base: "+base.Name)
		} else {
			run.Log("info", "reusing the files of an interrupted run ("+name+")")
		}
	}
	if snap.Base == "" {
		run.Log("info", "no complete snapshot to link from: a full copy")
	}
	return bases
}

// relativePaths are the host's source paths as paths inside a snapshot
// ("srv/www"; "" for "/").
func relativePaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = strings.Trim(p, "/")
	}
	return out
}

// pullAll pulls each source path into <staging>/<its path>, one rsync per
// path, with --link-dest bases at the same place in each base. (One rsync
// with --relative would lay them out by itself, but costs about 40% more
// CPU over many files: see rsync.PullArgs.) conf keeps rsync inside the
// host's folder (see confine.go); protected names at the working copy's
// top are the file system's own (ZFS's .zfs). It stops at the first failure.
func (s *Service) pullAll(ctx context.Context, run *tasks.Run, h api.Host, conf *confinement, staging string, bases []string, inPlace bool, protected []string) (rsync.Stats, *rsync.Warning, error) {
	var total rsync.Stats
	var warn *rsync.Warning
	for i, src := range h.Paths {
		parent := filepath.Dir(src) // "/" for "/srv" and for "/"
		dest := filepath.Join(staging, parent)
		if err := os.MkdirAll(dest, 0o700); err != nil {
			return total, warn, err
		}
		var linkDest []string
		for _, b := range bases {
			linkDest = append(linkDest, filepath.Join(b, parent))
		}
		step := fmt.Sprintf("transferring %s (%d of %d)", src, i+1, len(h.Paths))
		if len(h.Paths) == 1 {
			step = "transferring"
		}
		run.Progress(api.Progress{Step: step})
		stats, w, err := rsync.Pull(ctx, s.runner, rsync.Options{
			SSH: conf.ssh, Source: src, Dest: dest, LinkDest: linkDest,
			Include: h.Include, Exclude: h.Exclude, BandwidthKBps: h.BandwidthKBps,
			IOTimeout: time.Duration(h.IOTimeoutSeconds) * time.Second, Reserved: []string{snapstore.MetadataFile}, InPlace: inPlace, Protect: protected,
			ConfineTo: conf.confineRoot, Sandbox: conf.rules,
		}, func(p rsync.Progress) { run.Progress(progressOf(p, step)) }, run.SetPGID)
		total = total.Add(stats)
		if w.Code != 0 {
			if warn == nil {
				warn = &rsync.Warning{Code: w.Code}
			}
			warn.Vanished = append(warn.Vanished, w.Vanished...)
		}
		if err != nil {
			return total, warn, err
		}
	}
	return total, warn, nil
}

func progressOf(p rsync.Progress, step string) api.Progress {
	out := api.Progress{BytesDone: p.Bytes, Percent: float64(p.Percent), Rate: p.RateBytesPerSec,
		Files: int64(p.Transferred), Step: step}
	if p.ETA >= 0 {
		out.ETASeconds = int64(p.ETA.Seconds())
	}
	if p.Total > 0 {
		out.FilesTotal = int64(p.Total)
	}
	if p.Scanning {
		out.Step = step + " (still listing files)"
	}
	return out
}

// phases times the steps of a run, so its log says what bamsd adds around
// rsync: "took: prepare 9ms, transfer 1.1s, finish 0s, durable 35ms,
// record 1ms" (prepare: from the start to rsync, with the confinement and
// any pre-backup command; finish: any post-backup command; durable: the
// metadata file, syncfs, rename and fsync).
type phases struct {
	last  time.Time
	parts []string
}

func (p *phases) mark(step string) {
	now := time.Now()
	p.parts = append(p.parts, step+" "+now.Sub(p.last).Round(time.Millisecond).String())
	p.last = now
}

func (p *phases) String() string { return "took: " + strings.Join(p.parts, ", ") }
