// Package repos is the repository service: the named places backups go (a
// ZFS dataset, a ZFS volume or LVM LV with a filesystem, a btrfs
// subvolume, an existing folder). It owns the repository records, creates
// a repository's storage as a task (undoing its own steps when a later one
// fails), mounts repositories again at start, and refuses to delete one
// while a feature reports a use of it.
package repos

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/lvm"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// TaskCreate is the kind of the task that creates a repository.
const TaskCreate = "repository-create"

// UseReporter is a feature that puts data into repositories (pull-backup
// hosts, Bacula File devices): it says which repository each user is in.
type UseReporter interface {
	StorageUses(ctx context.Context) ([]api.StorageUse, error)
}

// Options configure the service.
type Options struct {
	Store  *store.Store
	Tasks  *tasks.Manager
	Runner *execx.Runner
	// Users are asked before a delete (and for each repository's used-by).
	Users []UseReporter
	// MountRoot: a repository with a mount of its own is mounted at
	// <MountRoot>/<name> unless the request names a mountpoint.
	MountRoot string
	// LVM is how lvm commands are called (metadata-only mode in tests).
	LVM lvm.Config
	// System mounts and finds devices (nil: Host).
	System System
	// Reserved are paths no repository may lie in or hold: the restore
	// root (a restore must never write into backups), bamsd's database and
	// its SSH key folder.
	Reserved []string
}

// Service manages repositories. Create it with New.
type Service struct {
	store     *store.Store
	tasks     *tasks.Manager
	runner    *execx.Runner
	users     []UseReporter
	mountRoot string
	lvm       lvm.Config
	sys       System
	reserved  []string
	// mu is held by a create (for its whole task) and a delete: two
	// creates never claim one name or path, and a delete never races a
	// create. A second one is refused busy rather than made to wait.
	mu sync.Mutex
}

// New returns the service.
func New(o Options) *Service {
	if o.System == nil {
		o.System = Host{}
	}
	return &Service{store: o.Store, tasks: o.Tasks, runner: o.Runner, users: o.Users, mountRoot: o.MountRoot, lvm: o.LVM, sys: o.System,
		reserved: o.Reserved}
}

// namePattern: a repository's name is also its id, a folder name and a
// ZFS or LVM name part, so it is held to what all of them accept.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,62}$`)

// ValidName checks a repository name (and id).
func ValidName(field, name string) error {
	if !namePattern.MatchString(name) {
		return invalid(field, "repository name %q must be 1-63 lowercase letters, digits, '_', '.' or '-', starting with a letter or digit", name)
	}
	return nil
}

func invalid(field, format string, args ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}
}

// record returns one stored repository; not-found names it.
func (s *Service) record(id string) (api.Repository, error) {
	if err := ValidName("id", id); err != nil {
		return api.Repository{}, err
	}
	r, err := s.store.GetRepository(id)
	if errors.Is(err, store.ErrNotFound) {
		return api.Repository{}, &api.Error{Kind: api.KindNotFound, Message: "no repository " + id}
	}
	return r, err
}

// List returns every repository with its size, health and users.
func (s *Service) List(ctx context.Context) ([]api.Repository, error) {
	recs, err := s.store.ListRepositories()
	if err != nil {
		return nil, err
	}
	uses, err := s.uses(ctx)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		s.fillLive(ctx, &recs[i], uses)
	}
	return recs, nil
}

// Get returns one repository with its size, health and users.
func (s *Service) Get(ctx context.Context, id string) (api.Repository, error) {
	r, err := s.record(id)
	if err != nil {
		return api.Repository{}, err
	}
	uses, err := s.uses(ctx)
	if err != nil {
		return api.Repository{}, err
	}
	s.fillLive(ctx, &r, uses)
	return r, nil
}

// uses asks every reporter, by repository.
func (s *Service) uses(ctx context.Context) (map[string][]api.StorageUser, error) {
	by := map[string][]api.StorageUser{}
	for _, u := range s.users {
		list, err := u.StorageUses(ctx)
		if err != nil {
			return nil, err
		}
		for _, use := range list {
			if use.Repository != "" {
				by[use.Repository] = append(by[use.Repository], use.User)
			}
		}
	}
	return by, nil
}

// StorageUses reports each repository as a use of its backing object, so
// the storage service refuses to destroy a pool, VG or filesystem under one.
func (s *Service) StorageUses(context.Context) ([]api.StorageUse, error) {
	recs, err := s.store.ListRepositories()
	if err != nil {
		return nil, err
	}
	out := make([]api.StorageUse, 0, len(recs))
	for _, r := range recs {
		obj := r.Backing
		out = append(out, api.StorageUse{Object: &obj, User: api.StorageUser{Kind: api.UserRepository, ID: r.ID, Name: r.Name}})
	}
	return out, nil
}
