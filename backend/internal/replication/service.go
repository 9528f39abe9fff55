package replication

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
	"bams/backend/internal/execx"
	"bams/backend/internal/ssh"
	"bams/backend/internal/store"
	"bams/backend/internal/tasks"
)

// historyLen bounds each task's run history in its record.
const historyLen = 20

// Options wires the service.
type Options struct {
	Store    *store.Store
	Tasks    *tasks.Manager
	Runner   *execx.Runner
	SSHKey   string         // bamsd's private key (the pull backups' own); known_hosts lies beside it
	Location *time.Location // the appliance's time zone, for schedules
	Now      func() time.Time
}

// Service owns the replication task records and their runs.
type Service struct {
	store   *store.Store
	tasks   *tasks.Manager
	runner  *execx.Runner
	sshKey  string
	loc     *time.Location
	now     func() time.Time
	changed chan struct{} // wakes the scheduler

	mu      sync.Mutex
	running map[string]string // task name → the run's task id ("" while it starts)
}

// New makes the service.
func New(o Options) *Service {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{store: o.Store, tasks: o.Tasks, runner: o.Runner, sshKey: o.SSHKey, loc: o.Location, now: o.Now,
		changed: make(chan struct{}, 1), running: map[string]string{}}
	o.Tasks.AfterCrash(TaskKind, s.recordCrashedRun)
	return s
}

// TimeZone is the schedules' zone.
func (s *Service) TimeZone() string { return s.loc.String() }

// List answers every task with its state, lag and next run.
func (s *Service) List() ([]api.ReplicationTask, error) {
	list, err := s.store.ListReplications()
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = s.view(list[i])
	}
	return list, nil
}

// Get answers one task.
func (s *Service) Get(name string) (api.ReplicationTask, error) {
	t, err := s.record(name)
	if err != nil {
		return api.ReplicationTask{}, err
	}
	return s.view(t), nil
}

func (s *Service) record(name string) (api.ReplicationTask, error) {
	if err := ValidName(name); err != nil {
		return api.ReplicationTask{}, err
	}
	t, err := s.store.GetReplication(name)
	if errors.Is(err, store.ErrNotFound) {
		return t, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no replication task %s", name)}
	}
	return t, err
}

// view fills in what is computed: state, running task, lag, next run.
func (s *Service) view(t api.ReplicationTask) api.ReplicationTask {
	s.mu.Lock()
	id, running := s.running[t.Name]
	s.mu.Unlock()
	switch {
	case running:
		t.State, t.RunningTask = api.ReplicationRunning, id
	case !t.Enabled:
		t.State = api.ReplicationDisabled
	case t.LastRun == nil:
		t.State = api.ReplicationIdle
	case t.LastRun.Result == api.ReplicationSucceeded:
		t.State = api.ReplicationOK
	default:
		t.State = api.ReplicationError
	}
	if t.CommonTime != nil {
		t.LagSeconds = int64(s.now().Sub(*t.CommonTime) / time.Second)
	}
	if t.Enabled && t.Cron != "" && t.LastSlot != nil {
		if spec, err := cronslot.Parse(t.Cron); err == nil {
			next := spec.Next(t.LastSlot.In(s.loc))
			t.NextRun = &next
		}
	}
	return t
}

// Create validates and stores a new task. Its schedule starts from now.
func (s *Service) Create(in api.ReplicationConfig) (api.ReplicationTask, error) {
	if err := validate(in); err != nil {
		return api.ReplicationTask{}, err
	}
	t := api.ReplicationTask{ReplicationConfig: in}
	now := s.now().In(s.loc)
	t.LastSlot = &now
	err := s.store.PutReplication(t, true)
	if errors.Is(err, store.ErrExists) {
		return api.ReplicationTask{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("a replication task %s exists", t.Name)}
	}
	if err != nil {
		return api.ReplicationTask{}, err
	}
	s.wake()
	return s.view(t), nil
}

// Config is a task's configuration, for a PUT to decode its body over
// (so the fields it leaves out stay).
func (s *Service) Config(name string) (api.ReplicationConfig, error) {
	t, err := s.record(name)
	return t.ReplicationConfig, err
}

// Update replaces a task's configuration. The name cannot change. A changed target
// machine needs its host key accepted again; a changed target dataset or
// source starts a new ownership record: the task never prunes what it
// sent somewhere else.
func (s *Service) Update(name string, in api.ReplicationConfig) (api.ReplicationTask, error) {
	if in.Name != name {
		return api.ReplicationTask{}, invalid("name", "a replication task cannot be renamed: create a new one")
	}
	if err := validate(in); err != nil {
		return api.ReplicationTask{}, err
	}
	s.mu.Lock()
	id, running := s.running[name]
	s.mu.Unlock()
	if running {
		return api.ReplicationTask{}, busy(name, id)
	}
	t, err := s.store.UpdateReplication(name, func(t *api.ReplicationTask) error {
		if t.Target.Address != in.Target.Address || t.Target.Port != in.Target.Port {
			t.HostKey = ""
		}
		if t.Kind != in.Kind || t.Source != in.Source || t.Target != in.Target || t.Recursive != in.Recursive {
			t.Sent, t.Common, t.CommonTime = nil, "", nil
		}
		if t.Cron != in.Cron {
			now := s.now().In(s.loc)
			t.LastSlot = &now
		}
		t.ReplicationConfig = in
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return api.ReplicationTask{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no replication task %s", name)}
	}
	if err != nil {
		return api.ReplicationTask{}, err
	}
	s.wake()
	return s.view(t), nil
}

// Delete forgets a task. Its snapshots and holds stay on both machines:
// BAMS destroys nothing it is not asked to.
func (s *Service) Delete(name string) error {
	if _, err := s.record(name); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, running := s.running[name]; running {
		return busy(name, id)
	}
	return s.store.DeleteReplication(name)
}

func busy(name, taskID string) error {
	return &api.Error{Kind: api.KindBusy, TaskID: taskID, Message: fmt.Sprintf("replication %s is running (task %s)", name, taskID)}
}

func (s *Service) wake() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// sshOptions is how bamsd reaches a task's target: its own key and
// known_hosts, keyed by the alias "replication.<task>" (so a pull-backup
// host of the same name keeps its own key).
func (s *Service) sshOptions(t api.ReplicationTask) ssh.Options {
	return ssh.Options{Host: "replication." + t.Name, Address: t.Target.Address, Port: t.Target.Port, User: t.Target.User,
		KeyFile: s.sshKey, KnownHostsFile: filepath.Join(filepath.Dir(s.sshKey), "known_hosts")}
}
