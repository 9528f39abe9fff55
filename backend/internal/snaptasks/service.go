// Package snaptasks is the periodic snapshot task service: each task
// snapshots a ZFS dataset or a btrfs subvolume at the slots of its cron
// schedule and prunes its own snapshots, and no others, through the
// retention planner and a guarded apply. A task's snapshots carry its
// owner, "snaptask:<name>" (ZFS: the bams:owner property; btrfs: the
// owner's folder under .bams-snapshots); only those are ever in a plan.
package snaptasks

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/btrfs"
	"bams/backend/internal/cronslot"
	"bams/backend/internal/execx"
	"bams/backend/internal/pullbackup"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
	"bams/backend/internal/zfs"
)

// Task kinds.
const (
	RunTaskKind   = "snaptask"       // a slot's (or run now's) snapshot, then pruning
	ApplyTaskKind = "snaptask-apply" // an apply of a reviewed plan
)

// Service keeps the snapshot tasks. Create it with New.
type Service struct {
	store  *store.Store
	tasks  *tasks.Manager
	runner *execx.Runner
	loc    *time.Location
	share  float64
	audit  func(api.AuditRecord)
	locks  *locks
	mu     sync.Mutex    // orders writes of task records (the scheduler's too)
	wake   chan struct{} // a task changed: the scheduler looks again
}

// Options configure the service.
type Options struct {
	Store    *store.Store
	Tasks    *tasks.Manager
	Runner   *execx.Runner
	Location *time.Location // the appliance's: schedules and retention buckets
	// MaxDeleteShare caps the share of a task's snapshots one prune may
	// delete (retention.max_delete_share; 0 = 0.5), as for hosts.
	MaxDeleteShare float64
	// Audit records each snapshot pruning deletes (nil: the store only).
	Audit func(api.AuditRecord)
}

// New returns the service.
func New(o Options) *Service {
	if o.MaxDeleteShare <= 0 || o.MaxDeleteShare > 1 {
		o.MaxDeleteShare = 0.5
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Audit == nil {
		o.Audit = func(rec api.AuditRecord) { _ = o.Store.AppendAudit(&rec) }
	}
	return &Service{store: o.Store, tasks: o.Tasks, runner: o.Runner, loc: o.Location, share: o.MaxDeleteShare,
		audit: o.Audit, locks: newLocks(), wake: make(chan struct{}, 1)}
}

// Owner is the owner every snapshot of task name carries.
func Owner(name string) string { return "snaptask:" + name }

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

func invalid(field, format string, a ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, a...)}
}

func notFound(name string) error {
	return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("snapshot task %s does not exist", name)}
}

// List answers every task with its next run.
func (s *Service) List() ([]api.SnapTask, error) {
	list, err := s.store.ListSnapTasks()
	for i := range list {
		list[i] = s.withNext(list[i])
	}
	return list, err
}

// Get answers one task.
func (s *Service) Get(name string) (api.SnapTask, error) {
	t, err := s.store.GetSnapTask(name)
	if errors.Is(err, store.ErrNotFound) {
		return t, notFound(name)
	}
	return s.withNext(t), err
}

func (s *Service) withNext(t api.SnapTask) api.SnapTask {
	t.NextRun = nil
	if spec, err := cronslot.Parse(t.Cron); err == nil && t.Enabled && t.LastSlot != nil {
		next := spec.Next(t.LastSlot.In(s.loc))
		t.NextRun = &next
	}
	return t
}

// Create validates and stores a new task. Its slots start from now:
// creating a task never runs slots of the past.
func (s *Service) Create(ctx context.Context, t api.SnapTask, now time.Time) (api.SnapTask, error) {
	if !nameRE.MatchString(t.Name) {
		return api.SnapTask{}, invalid("name", "%q must start with a letter or digit and hold at most 64 letters, digits and _.-", t.Name)
	}
	if err := s.validate(ctx, &t); err != nil {
		return api.SnapTask{}, err
	}
	now = now.UTC()
	t.Created, t.Updated, t.LastSlot, t.LastTask = now, now, &now, ""
	s.mu.Lock()
	err := s.store.PutSnapTask(t, true)
	s.mu.Unlock()
	if errors.Is(err, store.ErrExists) {
		return api.SnapTask{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("a snapshot task named %s exists", t.Name)}
	}
	if err != nil {
		return api.SnapTask{}, err
	}
	s.changed()
	return s.withNext(t), nil
}

// Update replaces a task's settings with t (the HTTP layer lays the body
// over the stored task, so fields it leaves out keep their values). The
// name, kind and target cannot change: the snapshots a task made belong
// to that target, and another target's would be out of its reach.
func (s *Service) Update(ctx context.Context, name string, t api.SnapTask, now time.Time) (api.SnapTask, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.store.GetSnapTask(name)
	if errors.Is(err, store.ErrNotFound) {
		return api.SnapTask{}, notFound(name)
	} else if err != nil {
		return api.SnapTask{}, err
	}
	switch {
	case t.Name != name:
		return api.SnapTask{}, invalid("name", "a snapshot task cannot be renamed (its snapshots carry its name as their owner)")
	case t.Kind != old.Kind:
		return api.SnapTask{}, invalid("kind", "the kind cannot change: make a new task")
	case t.Target != old.Target:
		return api.SnapTask{}, invalid("target", "the target cannot change: its snapshots would be left out of pruning; make a new task")
	}
	if err := s.validate(ctx, &t); err != nil {
		return api.SnapTask{}, err
	}
	t.Created, t.Updated, t.LastTask, t.LastSlot = old.Created, now.UTC(), old.LastTask, old.LastSlot
	if t.Cron != old.Cron || old.LastSlot == nil {
		at := now.UTC()
		t.LastSlot = &at // other times: start from now, never run the past
	}
	if err := s.store.PutSnapTask(t, false); err != nil {
		return api.SnapTask{}, err
	}
	s.changed()
	return s.withNext(t), nil
}

// Delete forgets a task. Its snapshots stay where they are, with their
// owner: deleting a task never deletes a snapshot.
func (s *Service) Delete(name string) (api.SnapTaskDeleted, error) {
	l, err := s.locks.acquire(name)
	if err != nil {
		return api.SnapTaskDeleted{}, err
	}
	defer l.release()
	s.mu.Lock()
	err = s.store.DeleteSnapTask(name)
	s.mu.Unlock()
	if errors.Is(err, store.ErrNotFound) {
		return api.SnapTaskDeleted{}, notFound(name)
	} else if err != nil {
		return api.SnapTaskDeleted{}, err
	}
	return api.SnapTaskDeleted{Deleted: name, Note: "its snapshots were kept, owned by " + Owner(name) +
		"; nothing prunes them now (a new task of that name would)"}, nil
}

// validate checks every setting, filling in defaults (naming, retention's
// kinds and max_delete), and that the target exists.
func (s *Service) validate(ctx context.Context, t *api.SnapTask) error {
	if t.Naming == "" {
		t.Naming = DefaultNaming
	}
	if err := checkNaming(t.Naming); err != nil {
		return invalid("naming", "%v", err)
	}
	if _, err := cronslot.Parse(t.Cron); err != nil {
		return invalid("cron", "%q is not a cron expression (minute hour day month weekday, or @hourly, @every 6h): %v", t.Cron, err)
	}
	if _, err := pullbackup.PlannerPolicy(&t.Retention); err != nil {
		var ae *api.Error
		if errors.As(err, &ae) && ae.Field != "" {
			return invalid("retention."+ae.Field, "%s", ae.Message)
		}
		return err
	}
	switch t.Kind {
	case api.SnapTaskZFS:
		if err := zfs.CheckDatasetName(t.Target); err != nil {
			return invalid("target", "%v", err)
		}
		if _, err := zfs.Get(ctx, s.runner, t.Target, "type"); zfs.IsKind(err, zfs.NotFound) {
			return invalid("target", "dataset %s does not exist", t.Target)
		} else if err != nil {
			return err
		}
	case api.SnapTaskBtrfs:
		if t.Recursive {
			return invalid("recursive", "btrfs snapshots are never recursive (a subvolume's snapshot does not hold the subvolumes inside it)")
		}
		if !filepath.IsAbs(t.Target) || filepath.Clean(t.Target) != t.Target {
			return invalid("target", "%q must be the absolute path of a btrfs subvolume", t.Target)
		}
		if _, err := btrfs.ShowSubvolume(ctx, s.runner, t.Target); err != nil {
			return invalid("target", "%s is not a btrfs subvolume: %v", t.Target, err)
		}
	default:
		return invalid("kind", "%q is not zfs or btrfs", t.Kind)
	}
	return nil
}

// changed wakes the scheduler: new times count at once.
func (s *Service) changed() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
