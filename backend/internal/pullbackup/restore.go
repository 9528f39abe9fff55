package pullbackup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/rsync"
	"bams/backend/internal/ssh"
	"bams/backend/internal/tasks"
)

// RestoreTaskKind is the task kind of a restore (and of its dry run).
const RestoreTaskKind = "restore"

// restorePlan is a checked restore request.
type restorePlan struct {
	host    api.Host
	snap    string
	snapDir string
	rels    []string // relative paths inside the snapshot
	remote  bool     // to the host; else into local
	dest    string   // the folder on the host, or the local folder
	req     api.RestoreRequest
}

// StartRestore checks a restore request and runs it as a task holding the
// host's lock, so it never overlaps a backup, discover or retention of the
// same host (retention cannot delete the snapshot it reads). Every check
// happens here, before the task exists: a bad request is a 400 and
// nothing runs.
func (s *Service) StartRestore(host string, req api.RestoreRequest, by api.Caller) (api.Task, error) {
	plan, err := s.planRestore(host, req)
	if err != nil {
		return api.Task{}, err
	}
	lock, err := s.locks.acquireForTask(host)
	if err != nil {
		return api.Task{}, err
	}
	task, err := s.tasks.Start(RestoreTaskKind, host, api.ActionRestore, by, func(ctx context.Context, run *tasks.Run) error {
		defer lock.release()
		return s.restore(ctx, run, plan)
	})
	if err != nil {
		lock.release()
		return api.Task{}, err
	}
	lock.setTask(task.ID)
	return task, nil
}

func (s *Service) planRestore(host string, req api.RestoreRequest) (restorePlan, error) {
	h, err := s.Host(host)
	if err != nil {
		return restorePlan{}, err
	}
	root, err := s.openSnapshot(host, req.Snapshot)
	if err != nil {
		return restorePlan{}, err
	}
	defer root.Close()
	onDisk, err := s.snapshotsOf(host)
	if err != nil {
		return restorePlan{}, err
	}
	plan := restorePlan{host: h, snap: req.Snapshot, snapDir: onDisk.Path(req.Snapshot), req: req}
	if len(req.Paths) > maxPaths {
		return restorePlan{}, invalid("paths", "name at most %d paths", maxPaths)
	}
	for _, p := range req.Paths {
		rel, _, err := resolve(root, "paths", p)
		if err != nil {
			return restorePlan{}, err
		}
		if rel == "" {
			return restorePlan{}, invalid("paths", "name folders or files inside the snapshot, or no paths for all of the host's source paths")
		}
		if strings.ContainsFunc(rel, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return restorePlan{}, invalid("paths", "path %q holds control characters: restore its folder instead", p)
		}
		if !slices.Contains(plan.rels, rel) {
			plan.rels = append(plan.rels, rel)
		}
	}
	if len(req.Paths) == 0 {
		// The whole snapshot is the host's source paths, never its top
		// folders: with --delete, restoring "srv" for a source /srv/www
		// would delete the rest of the host's /srv.
		for _, p := range h.Paths {
			if rel, _, err := resolve(root, "paths", p); err == nil && rel != "" {
				plan.rels = append(plan.rels, rel)
			}
		}
		if len(plan.rels) == 0 {
			return restorePlan{}, invalid("paths", "snapshot %s holds none of the host's source paths (%s): name the paths to restore",
				req.Snapshot, strings.Join(h.Paths, ", "))
		}
	}
	switch to := req.To; {
	case to == "host":
		plan.remote, plan.dest = true, "/"
	case strings.HasPrefix(to, "host:"):
		plan.remote, plan.dest = true, cleanSourcePath(strings.TrimPrefix(to, "host:"))
		if reason := rsync.CheckPath(plan.dest); reason != "" {
			return restorePlan{}, invalid("to", "the path on the host %s %s", short(plan.dest), reason)
		}
	case strings.HasPrefix(to, "local:"):
		if plan.dest, err = localTarget(s.restoreRoot, s.backupRoot, strings.TrimPrefix(to, "local:")); err != nil {
			return restorePlan{}, err
		}
	default:
		return restorePlan{}, invalid("to", `to must be "host", "host:/path" or "local:/dir" (under the restore root)`)
	}
	if plan.remote && h.HostKey == "" {
		return restorePlan{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"the host key of %s is not accepted yet: run `bamsctl host test %s` and accept its key first", host, host)}
	}
	return plan, nil
}

// target is how the result names where the files went.
func (p restorePlan) target() string {
	if p.remote {
		return "host:" + p.dest
	}
	return "local:" + p.dest
}

// restore runs a checked plan: the host's pre_restore command, rsync,
// then post_restore whatever happened (its failure is a warning). A dry
// run runs neither command: they exist to change things (stop a service)
// and a dry run changes nothing.
func (s *Service) restore(ctx context.Context, run *tasks.Run, p restorePlan) error {
	res := api.RestoreResult{Host: p.host.Name, Snapshot: p.snap, To: p.target(), Delete: p.req.Delete, DryRun: p.req.DryRun}
	for _, rel := range p.rels {
		res.Paths = append(res.Paths, displayPath(rel))
	}
	line := fmt.Sprintf("restoring %s of snapshot %s to %s", strings.Join(res.Paths, ", "), p.snap, res.To)
	if p.req.Delete {
		line += ", deleting what the snapshot does not hold"
	}
	if p.req.DryRun {
		line += " (dry run: nothing changes)"
	}
	run.Log("info", line)
	opts := rsync.PushOptions{Root: p.snapDir, Sources: p.rels, Dest: p.dest, Delete: p.req.Delete, DryRun: p.req.DryRun,
		IOTimeout: time.Duration(p.host.IOTimeoutSeconds) * time.Second}
	var sshOpts ssh.Options
	if p.remote {
		sshOpts = s.sshOptions(p.host)
		opts.SSH, opts.BandwidthKBps = &sshOpts, p.host.BandwidthKBps
	} else if !p.req.DryRun {
		if err := s.makeLocalTarget(p.dest); err != nil {
			return err
		}
	}
	commands := p.remote && !p.req.DryRun
	if commands && p.host.PreRestore != "" {
		run.Progress(api.Progress{Step: "running the pre-restore command"})
		if _, err := ssh.Run(ctx, s.runner, sshOpts, p.host.PreRestore); err != nil {
			return fmt.Errorf("pre-restore command (nothing was restored): %w", err)
		}
	}
	run.Progress(api.Progress{Step: "restoring"})
	out, warn, pushErr := rsync.Push(ctx, s.runner, opts, api.MaxRestoreChanges, func(pr rsync.Progress) {
		run.Progress(progressOf(pr, "restoring"))
	}, run.SetPGID)
	run.SetPGID(0)
	var warnings []string
	if commands && p.host.PostRestore != "" {
		if _, err := ssh.Run(context.WithoutCancel(ctx), s.runner, sshOpts, p.host.PostRestore); err != nil {
			warnings = append(warnings, "post-restore command failed: "+err.Error())
			run.Log("warn", warnings[len(warnings)-1])
		}
	}
	var re *rsync.Error
	if pushErr != nil && !errors.As(pushErr, &re) {
		return pushErr
	}
	if w := warn.String(); w != "" {
		warnings = append(warnings, w)
	}
	res.Warning = strings.Join(warnings, "; ")
	res.Changes, res.ChangesTotal = make([]api.FileChange, 0, len(out.Changes)), out.Total
	for _, c := range out.Changes {
		fc := api.FileChange{Op: c.Op, Type: c.Type, Path: displayPath(c.Path), What: c.What, Target: c.Target}
		if c.Op == rsync.ChangeLink {
			fc.Target = displayPath(c.Target)
		}
		res.Changes = append(res.Changes, fc)
	}
	res.Files, res.TotalBytes, res.BytesWritten = out.Stats.Files, out.Stats.TotalSize, out.Stats.TransferredSize
	if err := run.SetResult(res); err != nil {
		return err
	}
	if pushErr != nil {
		return pushErr // the result still says what changed before it failed
	}
	verb := "changed"
	if p.req.DryRun {
		verb = "would change"
	}
	run.Log("info", fmt.Sprintf("%d entries %s; %d files, %d bytes in the restored paths", res.ChangesTotal, verb, res.Files, res.TotalBytes))
	run.Progress(api.Progress{Percent: 100, Step: "done"})
	return nil
}
