package baculasvc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// Task kinds that follow a Bacula job. The task follows the job, not a
// bconsole process: its progress is the file daemon's running status, its
// cancel is `cancel jobid=N`, and after a bamsd restart it re-attaches to
// the job (its id is the task's result from the moment the director queued
// it) and ends in the job's real state.
const (
	KindJob     = "bacula-job"
	KindRestore = "bacula-restore"
)

const (
	followEvery = time.Second
	// cancelWait bounds the wait for a cancelled job to reach its final state.
	cancelWait = 30 * time.Second
)

// registerReattach lets the task manager resume job tasks after a restart.
func (s *Service) registerReattach() {
	resume := func(ctx context.Context, run *tasks.Run, t api.Task) error {
		var res api.BaculaJobResult
		if len(t.Result) > 0 {
			if err := json.Unmarshal(t.Result, &res); err != nil {
				return err
			}
		}
		if res.JobID == 0 {
			return errors.New("bamsd stopped before the director queued the job; check the history for it")
		}
		return s.follow(ctx, run, res.JobID)
	}
	s.tasks.Reattach(KindJob, resume)
	s.tasks.Reattach(KindRestore, resume)
}

// RunJob starts the Job resource name now, as a task that follows it.
func (s *Service) RunJob(ctx context.Context, name string, req api.BaculaJobRun, by api.Caller) (api.Task, error) {
	if err := validName("name", name); err != nil {
		return api.Task{}, err
	}
	cmd := "run job=" + name
	if req.Level != "" {
		if !slices.Contains(jobLevels, req.Level) {
			return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "level", Message: "level must be Full, Incremental or Differential"}
		}
		cmd += " level=" + req.Level
	}
	if err := s.mustExist(ctx, ".jobs", "job", name); err != nil {
		return api.Task{}, err
	}
	return s.tasks.Start(KindJob, "bacula-job:"+name, api.ActionOperate, by, func(ctx context.Context, run *tasks.Run) error {
		return s.queueAndFollow(ctx, run, cmd+" yes")
	})
}

// queueAndFollow sends a run or restore command, records the job id and
// follows the job.
func (s *Service) queueAndFollow(ctx context.Context, run *tasks.Run, cmd string) error {
	reply, err := s.command(ctx, cmd)
	if err != nil {
		return err
	}
	id, ok := bacula.ParseJobQueued(reply)
	if !ok {
		return fmt.Errorf("the director did not queue the job: %s", strings.TrimSpace(reply))
	}
	if err := run.SetResult(api.BaculaJobResult{JobID: id}); err != nil {
		return err
	}
	run.Log("info", fmt.Sprintf("queued as JobId %d", id))
	return s.follow(ctx, run, id)
}

// follow watches job id until it ends: progress from its client's running
// status, the end from the catalog. A task cancel cancels the job; a
// daemon stop leaves it running for the re-attach.
func (s *Service) follow(ctx context.Context, run *tasks.Run, id int64) error {
	lastErr := ""
	for {
		r, err := s.lookupRun(context.WithoutCancel(ctx), id)
		switch {
		case err == nil && r.Done:
			s.noteRun(r)
			if serr := run.SetResult(api.BaculaJobResult{JobID: id, Status: r.Status, Files: r.Files, Bytes: r.Bytes}); serr != nil {
				return serr
			}
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			if r.Status == api.BaculaStatusOK || r.Status == api.BaculaStatusWarnings {
				run.Progress(api.Progress{BytesDone: r.Bytes, Files: r.Files, Percent: 100, Step: r.StatusText})
				return nil
			}
			return fmt.Errorf("bacula job %d ended: %s", id, r.StatusText)
		case err == nil:
			s.noteRun(r)
			s.progress(ctx, run, r)
		case isMissing(err):
			return err
		case err.Error() != lastErr:
			lastErr = err.Error()
			run.Log("warn", "asking the director: "+lastErr)
		}
		select {
		case <-ctx.Done():
			if errors.Is(context.Cause(ctx), tasks.ErrDaemonStopping) {
				return context.Cause(ctx)
			}
			return s.cancelAndWait(ctx, run, id)
		case <-time.After(followEvery):
		}
	}
}

// progress reports bytes and files from the file daemon that runs the job.
func (s *Service) progress(ctx context.Context, run *tasks.Run, r api.BaculaRun) {
	step := r.StatusText
	p := api.Progress{Step: step}
	if r.Client != "" && r.StatusCode == "R" {
		st, err := bacula.DaemonStatus(ctx, s.runner, s.console, "client="+r.Client)
		if err == nil {
			for _, j := range st.Running {
				if j.JobID == r.JobID {
					p.BytesDone, p.Files, p.Rate = j.Bytes, j.Files, float64(j.BytesPerSec)
				}
			}
		}
	}
	run.Progress(p)
}

// cancelAndWait cancels the job after its task was cancelled and waits for
// the director to record the end, so the task ends when the job has.
func (s *Service) cancelAndWait(ctx context.Context, run *tasks.Run, id int64) error {
	bg, done := context.WithTimeout(context.WithoutCancel(ctx), cancelWait)
	defer done()
	if _, err := s.command(bg, fmt.Sprintf("cancel jobid=%d", id)); err != nil {
		var be *bacula.Error
		if !errors.As(err, &be) || be.Kind != bacula.NotRunning {
			run.Log("error", fmt.Sprintf("cancel jobid=%d: %v", id, err))
		}
	} else {
		run.Log("info", fmt.Sprintf("cancel jobid=%d sent", id))
	}
	for bg.Err() == nil {
		if r, err := s.lookupRun(bg, id); err == nil && r.Done {
			s.noteRun(r)
			_ = run.SetResult(api.BaculaJobResult{JobID: id, Status: r.Status, Files: r.Files, Bytes: r.Bytes})
			break
		}
		select {
		case <-bg.Done():
		case <-time.After(followEvery):
		}
	}
	return context.Cause(ctx)
}

func isMissing(err error) bool {
	var m *execx.MissingError
	return errors.As(err, &m)
}

// Cancel cancels a running job (`cancel jobid=N`); a task following it
// sees it end cancelled. A job that is not running is a conflict.
func (s *Service) Cancel(ctx context.Context, id int64) (api.BaculaCancel, error) {
	reply, err := s.command(ctx, fmt.Sprintf("cancel jobid=%d", id))
	if err != nil {
		return api.BaculaCancel{}, err
	}
	if r, err := s.lookupRun(ctx, id); err == nil {
		s.noteRun(r)
	}
	return api.BaculaCancel{JobID: id, Message: strings.TrimSpace(reply)}, nil
}

// restoreWhere is a folder on the client: absolute, plain characters, no
// "..": it goes on the console line as where=...
var restoreWhere = regexp.MustCompile(`^/[A-Za-z0-9_.+/-]{0,1000}$`)

// Restore restores every file of run id to a client (default the run's own)
// under Where, as a task that follows the restore job.
func (s *Service) Restore(ctx context.Context, id int64, req api.BaculaRestore, by api.Caller) (api.Task, error) {
	if !restoreWhere.MatchString(req.Where) || slices.Contains(strings.Split(req.Where, "/"), "..") {
		return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "where",
			Message: "where must be an absolute folder of letters, digits and _.+-/ without '..'"}
	}
	if req.Client != "" {
		if err := validName("client", req.Client); err != nil {
			return api.Task{}, err
		}
	}
	r, err := s.lookupRun(ctx, id)
	if err != nil {
		return api.Task{}, err
	}
	if r.Type != "B" || !r.Done || !(r.Status == api.BaculaStatusOK || r.Status == api.BaculaStatusWarnings) {
		return api.Task{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("job %d is not a successful backup (%s)", id, r.StatusText)}
	}
	target := req.Client
	if target == "" {
		target = r.Client
	}
	if err := s.mustExist(ctx, ".clients", "client", target); err != nil {
		return api.Task{}, &api.Error{Kind: api.KindBadRequest, Field: "client", Message: err.Error()}
	}
	cmd := fmt.Sprintf("restore jobid=%d client=%s restoreclient=%s where=%s all done yes", id, r.Client, target, req.Where)
	return s.tasks.Start(KindRestore, "bacula-restore:"+strconv.FormatInt(id, 10), api.ActionRestore, by,
		func(ctx context.Context, run *tasks.Run) error { return s.queueAndFollow(ctx, run, cmd) })
}

// HistoryFilter selects runs for History.
type HistoryFilter = store.BaculaRunFilter

// History pages through the catalog's runs from the index, newest first.
func (s *Service) History(ctx context.Context, f HistoryFilter, cursor string, limit int) (api.BaculaRunList, error) {
	if err := s.refreshIndex(ctx, indexStale); err != nil {
		return api.BaculaRunList{}, err
	}
	runs, next, err := s.store.ListBaculaRuns(f, cursor, limit)
	if err != nil {
		return api.BaculaRunList{}, err
	}
	s.index.mu.Lock()
	updated := timePtr(s.index.updated)
	s.index.mu.Unlock()
	return api.BaculaRunList{Runs: runs, Next: next, IndexUpdated: updated}, nil
}

// Run is one run with its log, read from the catalog (the index's record
// when the catalog no longer has it).
func (s *Service) Run(ctx context.Context, id int64) (api.BaculaRunDetail, error) {
	r, err := s.lookupRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if old, gerr := s.store.GetBaculaRun(id); gerr == nil {
			old.Purged = true
			return api.BaculaRunDetail{BaculaRun: old, Log: []string{}}, nil
		}
		return api.BaculaRunDetail{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("the catalog has no job %d", id)}
	}
	if err != nil {
		return api.BaculaRunDetail{}, err
	}
	s.noteRun(r)
	reply, err := s.command(ctx, fmt.Sprintf("list joblog jobid=%d", id))
	if err != nil {
		return api.BaculaRunDetail{}, err
	}
	log := bacula.ParseJobLog(reply)
	if log == nil {
		log = []string{}
	}
	return api.BaculaRunDetail{BaculaRun: r, Log: log}, nil
}

// DashboardStats: jobs defined, runs not ended, success rates over 24 h
// and 7 days (by end time) and the bytes of successful backups.
func (s *Service) DashboardStats(ctx context.Context, now time.Time) (api.BaculaDashboardStats, error) {
	if err := s.refreshIndex(ctx, indexStale); err != nil {
		return api.BaculaDashboardStats{}, err
	}
	jobs, err := s.names(ctx, ".jobs")
	if err != nil {
		return api.BaculaDashboardStats{}, err
	}
	st := api.BaculaDashboardStats{TotalJobs: len(jobs)}
	var ok24, ok7 int
	err = s.store.EachBaculaRun(func(r api.BaculaRun) error {
		if r.Purged {
			return nil
		}
		if !r.Done {
			st.RunningJobs++
			return nil
		}
		good := r.Status == api.BaculaStatusOK || r.Status == api.BaculaStatusWarnings
		if good && r.Type == "B" {
			st.BytesBackedUp += r.Bytes
		}
		if r.Ended == nil {
			return nil
		}
		age := now.Sub(*r.Ended)
		if age <= 7*24*time.Hour {
			st.Runs7d++
			if good {
				ok7++
			}
		}
		if age <= 24*time.Hour {
			st.Runs24h++
			if good {
				ok24++
				if r.Type == "B" {
					st.Bytes24h += r.Bytes
				}
			}
		}
		return nil
	})
	st.SuccessRate24h, st.SuccessRate7d = rate(ok24, st.Runs24h), rate(ok7, st.Runs7d)
	return st, err
}

func rate(ok, all int) *float64 {
	if all == 0 {
		return nil
	}
	r := 100 * float64(ok) / float64(all)
	return &r
}
