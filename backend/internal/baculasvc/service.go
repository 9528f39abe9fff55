// Package baculasvc is the Bacula service: jobs, history, clients, pools,
// volumes, media and the storage daemon, through one long-lived bconsole
// session (package bacula) for BAMS's own queries and one-shot consoles for
// what must not share it. It owns the job index in the store; the HTTP
// layer calls it and nothing else.
package baculasvc

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bams/backend/internal/bacula"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// Service drives Bacula. Create it with New; Close it at exit.
type Service struct {
	runner  *execx.Runner
	console bacula.Config
	session *bacula.Session
	store   *store.Store
	tasks   *tasks.Manager
	loc     *time.Location
	log     *slog.Logger
	paths   Paths
	repos   Repositories // which repository holds a File device (see storage_uses.go)

	// configMu serializes changes to the resource files (resources.go).
	configMu sync.Mutex
	index    jobIndex // index.go
}

// Paths are the director's and storage daemon's programs and files.
type Paths struct {
	Director       string // bacula-dir, for -t checks
	DirectorConfig string
	ResourceDir    string // where BAMS writes its resources, one file each
	StorageDaemon  string // bacula-sd, for -t checks
	StorageConfig  string
}

// Options configure the service.
type Options struct {
	Runner   *execx.Runner
	Console  bacula.Config
	Paths    Paths
	Store    *store.Store
	Tasks    *tasks.Manager
	Location *time.Location
	Log      *slog.Logger
	// Repositories say which repository holds a File device's directory
	// (nil: the devices use none).
	Repositories Repositories
}

// New returns the service; nothing connects until the first call. It
// registers how its job tasks re-attach, so call it before tasks Recover.
func New(o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	s := &Service{runner: o.Runner, console: o.Console, session: bacula.NewSession(o.Runner, o.Console),
		store: o.Store, tasks: o.Tasks, loc: o.Location, log: o.Log, paths: o.Paths, repos: o.Repositories}
	if s.tasks != nil {
		s.registerReattach() // before the manager's Recover: see runs.go
	}
	return s
}

// Close ends the console session.
func (s *Service) Close() error { return s.session.Close() }

// command runs one of BAMS's own queries on the shared session. A missing
// bconsole comes back as *execx.MissingError, which the API reports as
// tool-missing ("bconsole is not installed").
func (s *Service) command(ctx context.Context, cmd string) (string, error) {
	return s.session.Command(ctx, cmd)
}
