package repos

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"bams/backend/api"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// A plan is a repository's creation: its record and the steps that make
// its storage, each with the step that undoes it.
type plan struct {
	rec   api.Repository
	steps []step
}

type step struct {
	what string
	do   func(ctx context.Context) error
	undo func(ctx context.Context) error // nil: nothing to undo
}

// StartCreate checks the request (a 400 naming the field, nothing done)
// and creates the repository as a task. A failed step undoes the ones
// before it, newest first, so a failure leaves nothing behind.
func (s *Service) StartCreate(ctx context.Context, req api.RepositoryCreate, by api.Caller) (api.Task, error) {
	if !s.mu.TryLock() {
		return api.Task{}, &api.Error{Kind: api.KindBusy, Message: "another repository is being created or deleted: try again when it is done"}
	}
	p, err := s.plan(ctx, req)
	if err != nil {
		s.mu.Unlock()
		return api.Task{}, err
	}
	task, err := s.tasks.Start(TaskCreate, p.rec.ID, api.ActionManage, by, func(ctx context.Context, run *tasks.Run) error {
		defer s.mu.Unlock()
		return s.create(ctx, run, p)
	})
	if err != nil {
		s.mu.Unlock()
	}
	return task, err
}

func (s *Service) create(ctx context.Context, run *tasks.Run, p plan) error {
	var done []step
	fail := func(err error) error {
		// Undo with a context of its own: a cancelled create still cleans up.
		undo, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		defer cancel()
		for i := len(done) - 1; i >= 0; i-- {
			if done[i].undo == nil {
				continue
			}
			run.Log("info", "undoing: "+done[i].what)
			if uerr := done[i].undo(undo); uerr != nil {
				run.Log("error", fmt.Sprintf("could not undo %s: %v (left for an admin)", done[i].what, uerr))
				err = errors.Join(err, uerr)
			}
		}
		return err
	}
	for i, st := range p.steps {
		run.Progress(api.Progress{Percent: float64(i) * 100 / float64(len(p.steps)+1), Step: st.what})
		run.Log("info", st.what)
		if err := st.do(ctx); err != nil {
			return fail(fmt.Errorf("%s: %w", st.what, err))
		}
		done = append(done, st)
	}
	run.Progress(api.Progress{Percent: 99, Step: "recording repository " + p.rec.ID})
	p.rec.Created = time.Now().UTC()
	if err := s.store.CreateRepository(p.rec); err != nil {
		return fail(err)
	}
	return run.SetResult(p.rec)
}

// plan validates req and lays out the steps of its kind.
func (s *Service) plan(ctx context.Context, req api.RepositoryCreate) (plan, error) {
	if err := ValidName("name", req.Name); err != nil {
		return plan{}, err
	}
	if _, err := s.store.GetRepository(req.Name); err == nil {
		return plan{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: "repository " + req.Name + " already exists"}
	} else if !errors.Is(err, store.ErrNotFound) {
		return plan{}, err
	}
	if err := onlyFieldsOf(req); err != nil {
		return plan{}, err
	}
	var p plan
	var err error
	switch req.Kind {
	case api.RepoFolder:
		p, err = s.planFolder(req)
	case api.RepoBtrfsSubvol:
		p, err = s.planBtrfs(req)
	case api.RepoZFSDataset:
		p, err = s.planZFSDataset(ctx, req)
	case api.RepoZFSVolume, api.RepoLVM:
		p, err = s.planVolume(ctx, req)
	}
	if err != nil {
		return plan{}, err
	}
	if err := s.checkOverlap(p.rec.Mountpoint); err != nil {
		return plan{}, err
	}
	return p, nil
}

// fieldsOf are the request fields each kind reads.
var fieldsOf = map[string][]string{
	api.RepoFolder:      {"path"},
	api.RepoBtrfsSubvol: {"path"},
	api.RepoZFSDataset:  {"parent", "size", "compression", "mountpoint"},
	api.RepoZFSVolume:   {"parent", "size", "filesystem", "mountpoint"},
	api.RepoLVM:         {"parent", "size", "filesystem", "mountpoint"},
}

// onlyFieldsOf refuses an unknown kind, and a field its kind does not read
// (it would be silently ignored otherwise).
func onlyFieldsOf(req api.RepositoryCreate) error {
	allowed, ok := fieldsOf[req.Kind]
	if !ok {
		return invalid("kind", "kind must be %s, %s, %s, %s or %s", api.RepoZFSDataset, api.RepoZFSVolume, api.RepoLVM, api.RepoBtrfsSubvol, api.RepoFolder)
	}
	given := []struct {
		name string
		set  bool
	}{{"path", req.Path != ""}, {"parent", req.Parent != ""}, {"size", req.Size != 0}, {"filesystem", req.Filesystem != ""},
		{"compression", req.Compression != ""}, {"mountpoint", req.Mountpoint != ""}}
	for _, f := range given {
		if f.set && !slices.Contains(allowed, f.name) {
			return invalid(f.name, "%s does not go with kind %s", f.name, req.Kind)
		}
	}
	return nil
}

// checkPath: an absolute clean path that is not the root, holds no
// control characters, lies outside the system's folders and leads through
// no symlink; field names it in the refusal.
func checkPath(field, p string) error {
	if !filepath.IsAbs(p) || filepath.Clean(p) != p || p == "/" || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return invalid(field, "%s must be an absolute clean path below /", field)
	}
	for _, sys := range []string{"/proc", "/sys", "/dev", "/run", "/boot", "/etc", "/usr"} {
		if within(p, sys) {
			return invalid(field, "%s %s lies in %s, which holds the system, not backups", field, p, sys)
		}
	}
	return noSymlinks(field, p)
}

// noSymlinks: every existing part of p is what it says (a symlink could
// be changed to lead the repository elsewhere later).
func noSymlinks(field, p string) error {
	for dir := p; dir != "/"; dir = filepath.Dir(dir) {
		st, err := os.Lstat(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return invalid(field, "%s leads through the symlink %s: give the real path", field, dir)
		}
	}
	return nil
}

// checkOverlap refuses a mountpoint inside another repository or holding
// one (two repositories would count, and delete, the same files), and one
// overlapping a reserved folder.
func (s *Service) checkOverlap(mnt string) error {
	recs, err := s.store.ListRepositories()
	if err != nil {
		return err
	}
	for _, r := range recs {
		if within(mnt, r.Mountpoint) || within(r.Mountpoint, mnt) {
			return &api.Error{Kind: api.KindConflict, Field: "path", Message: fmt.Sprintf("%s overlaps repository %s at %s", mnt, r.ID, r.Mountpoint)}
		}
	}
	for _, dir := range s.reserved {
		if within(mnt, dir) || within(dir, mnt) {
			return &api.Error{Kind: api.KindConflict, Field: "path", Message: fmt.Sprintf("%s overlaps %s, which bamsd keeps for itself", mnt, dir)}
		}
	}
	return nil
}

// keepPrivate makes a repository's folder mode 0700 (rsync -a keeps
// setuid files and device nodes from hosts, which no other user may
// reach), undone by putting the old mode back.
func keepPrivate(dir string) step {
	var old os.FileMode
	return step{what: "making " + dir + " mode 0700",
		do: func(context.Context) error {
			st, err := os.Lstat(dir)
			if err != nil {
				return err
			}
			old = st.Mode().Perm()
			return os.Chmod(dir, 0o700)
		},
		undo: func(context.Context) error { return os.Chmod(dir, old) }}
}

// isBtrfs: path lies on a btrfs.
func isBtrfs(path string) bool {
	var st unix.Statfs_t
	return unix.Statfs(path, &st) == nil && st.Type == unix.BTRFS_SUPER_MAGIC
}
