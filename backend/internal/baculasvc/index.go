package baculasvc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/store"
)

// The job index: the catalog's jobs kept in bbolt (store bucket
// bacula_jobs), so lists and history answer from it on big catalogs. It is
// filled incrementally by job id (the newest jobs first, `llist jobs
// order=desc limit=N` with N growing until it reaches jobs already known),
// every job not yet ended is re-checked (`llist jobid=N`) so its final
// state shows, and a full reconcile (`llist jobs`) finds what was purged or
// pruned from the catalog and any other change. A task following a job
// records its state at once. Reads refresh the index themselves only when it
// is older than indexStale (Maintain falling behind: the director was
// down), so a page is served from bbolt without a console round trip;
// Maintain refreshes every indexFresh and reconciles every reconcileEvery.
const (
	indexFresh     = 3 * time.Second
	indexStale     = 30 * time.Second
	reconcileEvery = 15 * time.Minute
	firstBatch     = 100
)

// jobIndex is the in-memory side of the index: which runs are still open.
type jobIndex struct {
	mu      sync.Mutex
	loaded  bool
	open    map[int64]bool // runs not yet ended, re-checked at each refresh
	updated time.Time      // the last refresh that reached the catalog
}

// refreshIndex brings the index up to date unless it is younger than maxAge.
func (s *Service) refreshIndex(ctx context.Context, maxAge time.Duration) error {
	ix := &s.index
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if maxAge > 0 && time.Since(ix.updated) < maxAge {
		return nil
	}
	if !ix.loaded {
		ix.open = map[int64]bool{}
		if err := s.store.EachBaculaRun(func(r api.BaculaRun) error {
			if !r.Done && !r.Purged {
				ix.open[r.JobID] = true
			}
			return nil
		}); err != nil {
			return err
		}
		ix.loaded = true
	}
	known, err := s.store.MaxBaculaJobID()
	if err != nil {
		return err
	}
	fresh := map[int64]api.BaculaRun{}
	for limit := firstBatch; ; limit *= 8 {
		reply, err := s.command(ctx, fmt.Sprintf("llist jobs order=desc limit=%d", limit))
		if err != nil {
			return err
		}
		jobs := bacula.ParseJobs(reply, s.location())
		reached := len(jobs) < limit
		for _, j := range jobs {
			if j.JobID <= known {
				reached = true
				if !ix.open[j.JobID] {
					continue
				}
			}
			fresh[j.JobID] = catalogRun(j, s.location())
		}
		if reached {
			break
		}
	}
	for id := range ix.open {
		if _, seen := fresh[id]; seen {
			continue
		}
		r, err := s.lookupRun(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			old, gerr := s.store.GetBaculaRun(id)
			if gerr != nil {
				return gerr
			}
			old.Purged = true
			fresh[id] = old
			continue
		}
		if err != nil {
			return err
		}
		fresh[id] = r
	}
	if err := s.putRuns(fresh); err != nil {
		return err
	}
	ix.updated = time.Now()
	return nil
}

// putRuns stores runs and keeps the open set in step. Callers hold ix.mu
// or are the only writer of those runs (a task following its job).
func (s *Service) putRuns(runs map[int64]api.BaculaRun) error {
	if len(runs) == 0 {
		return nil
	}
	list := make([]api.BaculaRun, 0, len(runs))
	for _, r := range runs {
		list = append(list, r)
		if r.Done || r.Purged {
			delete(s.index.open, r.JobID)
		} else if s.index.open != nil {
			s.index.open[r.JobID] = true
		}
	}
	return s.store.PutBaculaRuns(list)
}

// noteRun records one run seen outside a refresh (a task following its job).
func (s *Service) noteRun(r api.BaculaRun) {
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	if err := s.putRuns(map[int64]api.BaculaRun{r.JobID: r}); err != nil {
		s.log.Error("bacula job index", "jobid", r.JobID, "err", err)
	}
}

// lookupRun asks the catalog for one job; store.ErrNotFound when the
// catalog has none by that id (never run, or purged).
func (s *Service) lookupRun(ctx context.Context, id int64) (api.BaculaRun, error) {
	reply, err := s.command(ctx, fmt.Sprintf("llist jobid=%d", id))
	if err != nil {
		return api.BaculaRun{}, err
	}
	for _, j := range bacula.ParseJobs(reply, s.location()) {
		if j.JobID == id {
			return catalogRun(j, s.location()), nil
		}
	}
	return api.BaculaRun{}, fmt.Errorf("bacula job %d: %w", id, store.ErrNotFound)
}

// Reconcile compares the whole catalog with the index: every job's row is
// re-read, and indexed jobs the catalog no longer has are marked purged.
func (s *Service) Reconcile(ctx context.Context) (api.BaculaReconcile, error) {
	reply, err := s.command(ctx, "llist jobs")
	if err != nil {
		return api.BaculaReconcile{}, err
	}
	catalog := map[int64]api.BaculaRun{}
	for _, j := range bacula.ParseJobs(reply, s.location()) {
		catalog[j.JobID] = catalogRun(j, s.location())
	}
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	res := api.BaculaReconcile{Catalog: len(catalog)}
	changed := map[int64]api.BaculaRun{}
	if err := s.store.EachBaculaRun(func(old api.BaculaRun) error {
		res.Indexed++
		cur, ok := catalog[old.JobID]
		switch {
		case !ok && !old.Purged:
			old.Purged = true
			changed[old.JobID] = old
			res.Purged++
		case ok && cur != old:
			changed[old.JobID] = cur
			res.Updated++
		}
		delete(catalog, old.JobID)
		return nil
	}); err != nil {
		return res, err
	}
	for id, r := range catalog {
		changed[id] = r
		res.Added++
	}
	if s.index.open == nil {
		s.index.open = map[int64]bool{}
	}
	if err := s.putRuns(changed); err != nil {
		return res, err
	}
	s.index.loaded = true
	s.index.updated = time.Now()
	return res, nil
}

// Maintain refreshes the index now and then and reconciles it every
// reconcileEvery, until ctx ends. Errors are logged: the director may be
// down for a while.
func (s *Service) Maintain(ctx context.Context) {
	tick := time.NewTicker(indexFresh)
	defer tick.Stop()
	var lastFull time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		var err error
		if time.Since(lastFull) >= reconcileEvery {
			if _, err = s.Reconcile(ctx); err == nil {
				lastFull = time.Now()
			}
		} else {
			err = s.refreshIndex(ctx, indexFresh)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Debug("bacula job index not refreshed", "err", err)
		}
	}
}
