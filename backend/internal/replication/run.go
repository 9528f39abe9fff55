package replication

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/tasks"
	"bams/backend/internal/zfs"
)

// TaskKind is the kind of a replication run's task.
const TaskKind = "replication"

// snapshotName is the name of a run's snapshot: the task's name and the
// run's start in UTC, so names sort in time and never collide across tasks.
func snapshotName(task string, start time.Time) string {
	return "repl-" + task + "-" + start.UTC().Format("2006-01-02T15-04-05Z")
}

// Start runs a task now: 202 with the run's task, or 409 busy naming the
// run that is going on.
func (s *Service) Start(name string, by api.Caller) (api.Task, error) {
	t, err := s.record(name)
	if err != nil {
		return api.Task{}, err
	}
	if t.HostKey == "" {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"the host key of %s's target is not accepted yet: run `bamsctl replication test %s`, check the fingerprint, then `bamsctl replication accept-key %s FINGERPRINT`", name, name, name)}
	}
	s.mu.Lock()
	if id, running := s.running[name]; running {
		s.mu.Unlock()
		return api.Task{}, busy(name, id)
	}
	s.running[name] = "" // claimed before the task exists: a second start is 409 at once
	s.mu.Unlock()
	release := func() {
		s.mu.Lock()
		delete(s.running, name)
		s.mu.Unlock()
	}
	task, err := s.tasks.Start(TaskKind, name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		defer release()
		s.mu.Lock()
		s.running[name] = run.ID()
		s.mu.Unlock()
		return s.run(ctx, run, t)
	})
	if err != nil {
		release()
		return api.Task{}, err
	}
	s.mu.Lock()
	if _, ok := s.running[name]; ok {
		s.running[name] = task.ID
	}
	s.mu.Unlock()
	return task, nil
}

// run is one run of t, recorded in its history whatever the outcome.
func (s *Service) run(ctx context.Context, run *tasks.Run, t api.ReplicationTask) error {
	started := s.now()
	snap := snapshotName(t.Name, started)
	progress := func(sent, estimate int64) {
		p := api.Progress{BytesDone: sent, BytesTotal: estimate, Step: "sending " + snap}
		if estimate > 0 {
			p.Percent = min(100, float64(sent)*100/float64(estimate))
		}
		if secs := s.now().Sub(started).Seconds(); secs > 0 {
			p.Rate = float64(sent) / secs
		}
		run.Progress(p)
	}
	log := func(level, text string) { run.Log(level, text) }
	var res Result
	var out zfsOutcome
	var err error
	switch t.Kind {
	case api.ReplicationZFS:
		job := zfsJob{Task: t.Name, Source: t.Source, Recursive: t.Recursive, Remote: s.sshOptions(t), Target: t.Target.Dataset,
			BwLimit: t.BandwidthLimit, KeepTarget: t.KeepTarget, KeepSource: t.KeepSource, Held: t.Common, Sent: t.Sent,
			OnSend: run.SetPGID}
		out, err = replicateZFS(ctx, s.runner, job, snap, progress, log)
		res = out.Result
	case api.ReplicationBtrfs:
		job := BtrfsJob{Source: t.Source, Owner: owner(t.Name), Remote: s.sshOptions(t), TargetDir: t.Target.Folder,
			BwLimit: t.BandwidthLimit, KeepTarget: t.KeepTarget}
		res, err = ReplicateBtrfs(ctx, s.runner, job, snap, progress)
	}
	finished := s.now()
	entry := api.ReplicationRun{TaskID: run.ID(), Started: started, Finished: &finished, Result: api.ReplicationSucceeded,
		Snapshot: res.Snapshot, Parent: res.Parent, Bytes: res.Bytes, Pruned: res.Pruned}
	switch {
	case ctx.Err() != nil:
		entry.Result, entry.Error = api.ReplicationCancelled, "cancelled"
	case err != nil:
		entry.Result, entry.Error, entry.ErrorKind = api.ReplicationFailed, err.Error(), errorKind(err)
	}
	_, uerr := s.store.UpdateReplication(t.Name, func(rec *api.ReplicationTask) error {
		rec.BytesSent += res.Bytes
		rec.LastRun = &entry
		rec.History = append([]api.ReplicationRun{entry}, rec.History...)
		if len(rec.History) > historyLen {
			rec.History = rec.History[:historyLen]
		}
		if err != nil {
			return nil
		}
		switch t.Kind {
		case api.ReplicationZFS:
			created := time.Unix(out.Common.Creation, 0).UTC()
			rec.Common, rec.CommonTime, rec.Sent = out.Common.Name, &created, out.Sent
		case api.ReplicationBtrfs:
			rec.Common, rec.CommonTime = res.Snapshot, &started
		}
		return nil
	})
	if uerr != nil {
		run.Log("error", "recording the run: "+uerr.Error())
	}
	_ = run.SetResult(entry)
	if err != nil {
		return err
	}
	return uerr
}

// recordCrashedRun writes the history entry of a run that bamsd's crash
// ended (the task manager killed what was left of its processes): the
// target keeps any partial receive, which the next run resumes.
func (s *Service) recordCrashedRun(t api.Task) {
	finished := s.now()
	entry := api.ReplicationRun{TaskID: t.ID, Result: api.ReplicationFailed, Error: t.Error, Finished: &finished}
	if t.Started != nil {
		entry.Started = *t.Started
	}
	_, _ = s.store.UpdateReplication(t.Target, func(rec *api.ReplicationTask) error {
		rec.LastRun = &entry
		rec.History = append([]api.ReplicationRun{entry}, rec.History...)
		if len(rec.History) > historyLen {
			rec.History = rec.History[:historyLen]
		}
		return nil
	})
}

// errorKind names a failure an admin must act on.
func errorKind(err error) string {
	var nc *NoCommonError
	var bnc *BtrfsNoCommonError
	var re *zfs.ReceiveError
	switch {
	case errors.As(err, &nc), errors.As(err, &bnc):
		return "no-common"
	case errors.As(err, &re):
		return string(re.Kind)
	}
	return ""
}
