// Package pullbackup is the pull-backup service: hosts, their snapshots and
// the runs that make them (rsync over SSH into hard-linked snapshots), as
// the snapshot lifecycle in ARCHITECTURE.md says. It owns the host and snapshot
// records; the HTTP layer calls it and nothing else.
package pullbackup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"bams/backend/api"
	"bams/backend/internal/execx"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// Service runs pull backups. Create it with New.
type Service struct {
	store      *store.Store
	tasks      *tasks.Manager
	runner     *execx.Runner
	backupRoot string
	repos      Repositories
	sshKey     string
	loc        *time.Location
	locks      *hostLocks
	slots      chan struct{} // bounds backups running at once
	// scheduleChanged wakes the scheduler when a schedule is set.
	scheduleChanged chan struct{}
	// retention's limit and audit trail (see retention_apply.go)
	maxDeleteShare float64
	audit          func(api.AuditRecord)
	records        *recordCache // decoded snapshot records (see retention_records.go)
	// local restores write below it only (see restore_local.go)
	restoreRoot string
	features    rsyncFeatures // what the local rsync can do (see confine.go)
	// how a run's rsync is kept in the host's folder (see confine.go)
	confinement      string
	rsyncConfineRoot bool
	layout           string // LayoutHardlinks or LayoutBtrfs (see run_base.go)
}

// Repositories says where a repository's files go (repos.Folders).
type Repositories interface {
	// Folder is repository id's folder; an error when there is none
	// (bad-request naming "repository") or it is not mounted.
	Folder(id string) (string, error)
	// Kind is repository id's kind (api.RepoBtrfsSubvol, ...), which
	// decides how snapshots sit in it.
	Kind(id string) (string, error)
	// Backing is what repository id is made on (a zfs-dataset
	// repository's dataset holds each host's dataset).
	Backing(id string) (api.StorageObject, error)
}

// Options configure the service.
type Options struct {
	Store      *store.Store
	Tasks      *tasks.Manager
	Runner     *execx.Runner
	BackupRoot string // the default repository's folder (restores never go into it)
	// Repositories resolve a host's repository to its folder.
	Repositories Repositories
	SSHKey       string // bamsd's private key; known_hosts lives beside it
	Location     *time.Location
	MaxParallel  int // backups of different hosts running at once
	// MaxDeleteShare caps the share of a host's complete snapshots one
	// retention run may delete (0 = 0.5).
	MaxDeleteShare float64
	// Audit records each snapshot retention deletes (nil: the store only).
	Audit func(api.AuditRecord)
	// RestoreRoot: local restores go below it, and nowhere else.
	RestoreRoot string
	// Confinement is ConfineNamespace (the default), ConfineLandlock or
	// ConfineCheck (see confine.go), and
	// RsyncConfineRoot adds rsync's --confine-root where rsync has it.
	Confinement      string
	RsyncConfineRoot bool
	// Layout is how snapshots sit in BackupRoot: LayoutHardlinks (the
	// default) or LayoutBtrfs (BackupRoot is on btrfs).
	Layout string
}

// Snapshot layouts (Options.Layout), as config names them.
const (
	LayoutHardlinks = "hardlinks"
	LayoutBtrfs     = "btrfs"
)

// New returns the service.
func New(o Options) *Service {
	if o.MaxParallel < 1 {
		o.MaxParallel = 1
	}
	if o.Confinement != ConfineLandlock && o.Confinement != ConfineCheck {
		o.Confinement = ConfineNamespace
	}
	if o.MaxDeleteShare <= 0 || o.MaxDeleteShare > 1 {
		o.MaxDeleteShare = 0.5
	}
	if o.Audit == nil {
		o.Audit = func(rec api.AuditRecord) { _ = o.Store.AppendAudit(&rec) }
	}
	s := &Service{store: o.Store, tasks: o.Tasks, runner: o.Runner, backupRoot: o.BackupRoot, repos: o.Repositories, sshKey: o.SSHKey,
		loc: o.Location, locks: newHostLocks(), slots: make(chan struct{}, o.MaxParallel), scheduleChanged: make(chan struct{}, 1),
		maxDeleteShare: o.MaxDeleteShare, audit: o.Audit, records: newRecordCache(), restoreRoot: filepath.Clean(o.RestoreRoot),
		confinement: o.Confinement, rsyncConfineRoot: o.RsyncConfineRoot, layout: o.Layout}
	o.Tasks.AfterCrash(TaskKind, s.recordCrashedRun)
	return s
}

// knownHosts is bamsd's own known_hosts file, never the user's.
func (s *Service) knownHosts() string { return filepath.Join(filepath.Dir(s.sshKey), "known_hosts") }

// hostDir is the host's folder, <its repository's folder>/<name>. A
// repository that is gone or not mounted is an error, never a path on
// whatever filesystem lies under its mountpoint.
func (s *Service) hostDir(name string) (string, error) {
	dir, _, err := s.hostPlace(name)
	return dir, err
}

// hostPlace is the host's folder and the kind of the repository it is in.
func (s *Service) hostPlace(name string) (dir, kind string, err error) {
	h, err := s.store.GetHost(name)
	if err != nil {
		return "", "", err
	}
	root, err := s.repos.Folder(h.Repository)
	if err != nil {
		return "", "", err
	}
	if kind, err = s.repos.Kind(h.Repository); err != nil {
		return "", "", err
	}
	return filepath.Join(root, name), kind, nil
}

// CreateHost validates and stores a new host.
func (s *Service) CreateHost(h api.Host) (api.Host, error) {
	if err := normalize(&h); err != nil {
		return api.Host{}, err
	}
	if err := s.checkRepository(h); err != nil {
		return api.Host{}, err
	}
	h.HostKey = "" // accepted only through AcceptHostKey
	h.Created = time.Now().UTC()
	h.Updated = h.Created
	if err := s.store.CreateHost(h); errors.Is(err, store.ErrExists) {
		return api.Host{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("host %s already exists", h.Name)}
	} else if err != nil {
		return api.Host{}, err
	}
	return h, nil
}

// UpdateHost replaces a host's settings; its name, accepted key and
// creation time stay.
func (s *Service) UpdateHost(name string, h api.Host) (api.Host, error) {
	old, err := s.Host(name)
	if err != nil {
		return api.Host{}, err
	}
	if h.Name != "" && h.Name != name {
		return api.Host{}, invalid("name", "a host cannot be renamed (its snapshots live under its name)")
	}
	h.Name = name
	if err := normalize(&h); err != nil {
		return api.Host{}, err
	}
	if err := s.checkRepository(h); err != nil {
		return api.Host{}, err
	}
	if h.Repository != old.Repository {
		// Its snapshots would stay behind, out of sight of every run,
		// restore and retention.
		if snaps, err := s.snapshotRecords(name); err != nil {
			return api.Host{}, err
		} else if len(snaps) > 0 {
			return api.Host{}, invalid("repository", "%s has %d snapshot records in repository %s: a host with snapshots cannot move", name, len(snaps), old.Repository)
		}
	}
	h.HostKey, h.Created, h.Updated = old.HostKey, old.Created, time.Now().UTC()
	if h.Address != old.Address || h.Port != old.Port {
		h.HostKey = "" // another machine: its key must be accepted again
	}
	return h, s.store.UpdateHost(h)
}

// checkRepository: a host's repository must exist (its folder is
// resolved at each run, so one not mounted now may be later).
func (s *Service) checkRepository(h api.Host) error {
	_, err := s.repos.Folder(h.Repository)
	var ae *api.Error
	if errors.As(err, &ae) && ae.Kind == api.KindConflict {
		return nil
	}
	return err
}

// Host returns one host.
func (s *Service) Host(name string) (api.Host, error) {
	if err := ValidName(name); err != nil {
		return api.Host{}, err
	}
	h, err := s.store.GetHost(name)
	if errors.Is(err, store.ErrNotFound) {
		return api.Host{}, &api.Error{Kind: api.KindNotFound, Message: "no host named " + name}
	}
	return h, err
}

// DeleteHost removes a host's configuration and snapshot records. Its
// snapshot folders stay on disk: re-adding the host and running discover
// brings them back.
func (s *Service) DeleteHost(name string) error {
	if _, err := s.Host(name); err != nil {
		return err
	}
	lock, err := s.locks.acquire(name, "being deleted")
	if err != nil {
		return err
	}
	defer lock.release()
	return s.store.DeleteHost(name)
}

// Hosts lists every host with the state of its backups.
func (s *Service) Hosts() ([]api.HostSummary, error) {
	hosts, err := s.store.ListHosts()
	if err != nil {
		return nil, err
	}
	out := make([]api.HostSummary, 0, len(hosts))
	for _, h := range hosts {
		sum, err := s.summarize(h)
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, nil
}

// HostSummary returns one host with the state of its backups.
func (s *Service) HostSummary(name string) (api.HostSummary, error) {
	h, err := s.Host(name)
	if err != nil {
		return api.HostSummary{}, err
	}
	return s.summarize(h)
}

// summarize adds a host's last run, last success, snapshot count and
// running backup task.
func (s *Service) summarize(h api.Host) (api.HostSummary, error) {
	snaps, err := s.snapshotRecords(h.Name)
	if err != nil {
		return api.HostSummary{}, err
	}
	sum := api.HostSummary{Host: h, Snapshots: len(snaps), RunningTask: s.locks.holder(h.Name)}
	for i := len(snaps) - 1; i >= 0; i-- {
		snap := snaps[i]
		if sum.LastBackup == nil && snap.State != api.SnapshotUnknown {
			sum.LastBackup = &snap
		}
		if snap.State == api.SnapshotComplete {
			sum.LastSuccess = &snap
			break
		}
	}
	return sum, nil
}

// ensureRoot creates a repository's folder mode 0700 (the default one is
// a plain folder, made at the first backup): rsync -a keeps setuid files
// and device nodes from clients, which no other user may reach.
func ensureRoot(root string) error {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return err
	}
	return os.Chmod(root, 0o700)
}
