package baculasvc

import (
	"context"
	"fmt"
	"slices"
	"time"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// clientHistory is how many runs a client's detail shows.
const clientHistory = 50

// daemonAsk bounds asking one daemon for its status: a director that
// cannot reach a file or storage daemon retries for about 15 s, and a list
// must not wait that long for each.
const daemonAsk = 10 * time.Second

// Clients lists the director's Client resources with their catalog record
// and last backup.
func (s *Service) Clients(ctx context.Context) ([]api.BaculaClient, error) {
	names, err := s.names(ctx, ".clients")
	if err != nil {
		return nil, err
	}
	catalog, err := s.catalogClients(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.BaculaClient, 0, len(names))
	for _, name := range names {
		c, err := s.client(ctx, name, catalog)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Client is one client with its file daemon's own status and its history.
func (s *Service) Client(ctx context.Context, name string) (api.BaculaClientDetail, error) {
	if err := validName("name", name); err != nil {
		return api.BaculaClientDetail{}, err
	}
	if err := s.mustExist(ctx, ".clients", "client", name); err != nil {
		return api.BaculaClientDetail{}, err
	}
	catalog, err := s.catalogClients(ctx)
	if err != nil {
		return api.BaculaClientDetail{}, err
	}
	c, err := s.client(ctx, name, catalog)
	if err != nil {
		return api.BaculaClientDetail{}, err
	}
	d := api.BaculaClientDetail{BaculaClient: c, History: []api.BaculaRun{}}
	if c.InCatalog {
		reply, err := s.command(ctx, fmt.Sprintf("list jobs client=%s order=desc limit=%d", name, clientHistory))
		if err != nil {
			return api.BaculaClientDetail{}, err
		}
		for _, j := range bacula.ParseJobs(reply, s.location()) {
			d.History = append(d.History, catalogRun(j, s.location()))
		}
	}
	d.Daemon, d.DaemonError = s.daemonStatus(ctx, "client="+name)
	return d, nil
}

// client assembles one client: its resource (`show client`), its catalog
// record, and its newest backup. A client the catalog does not know yet is
// never asked about by name in a catalog command: the director would
// silently answer for another client (recipe gotcha G2).
func (s *Service) client(ctx context.Context, name string, catalog map[string]bacula.Client) (api.BaculaClient, error) {
	show, err := s.command(ctx, "show client="+name)
	if err != nil {
		return api.BaculaClient{}, err
	}
	var c api.BaculaClient
	if rs := bacula.ParseClientResources(show); len(rs) > 0 {
		r := rs[0]
		c.Enabled, c.Address, c.Port, c.MaximumConcurrentJobs, c.AutoPrune = r.Enabled, r.Address, r.Port, r.MaxJobs, r.AutoPrune
	}
	c.Name, c.Status = name, "never-backed-up"
	rec, known := catalog[name]
	c.InCatalog = known
	if !known {
		return c, nil
	}
	c.Uname = rec.Uname
	c.FileRetentionSeconds, c.JobRetentionSeconds = int64(rec.FileRetention.Seconds()), int64(rec.JobRetention.Seconds())
	reply, err := s.command(ctx, "list jobs client="+name+" jobtype=B order=desc limit=1")
	if err != nil {
		return api.BaculaClient{}, err
	}
	if jobs := bacula.ParseJobs(reply, s.location()); len(jobs) > 0 {
		last := catalogRun(jobs[0], s.location())
		c.LastBackup, c.Status = &last, last.Status
	}
	return c, nil
}

func (s *Service) catalogClients(ctx context.Context) (map[string]bacula.Client, error) {
	reply, err := s.command(ctx, "llist clients")
	if err != nil {
		return nil, err
	}
	m := map[string]bacula.Client{}
	for _, c := range bacula.ParseClients(reply) {
		m[c.Name] = c
	}
	return m, nil
}

// daemonStatus asks a daemon ("client=NAME", "storage=NAME") for its
// status; a daemon that does not answer is a message, not a failure.
func (s *Service) daemonStatus(ctx context.Context, daemon string) (*api.BaculaDaemonStatus, string) {
	ctx, cancel := context.WithTimeout(ctx, daemonAsk)
	defer cancel()
	st, err := bacula.DaemonStatus(ctx, s.runner, s.console, daemon)
	if err != nil {
		return nil, err.Error()
	}
	if st.Name == "" {
		return nil, "the daemon did not answer"
	}
	out := &api.BaculaDaemonStatus{Name: st.Name, Version: st.Version, Uname: st.Uname, JobsRun: st.JobsRun,
		JobsRunning: st.JobsRunning, Running: []api.BaculaProgress{}, Started: timePtr(st.Started)}
	for _, p := range st.Running {
		out.Running = append(out.Running, api.BaculaProgress{JobID: p.JobID, Name: p.Name, Files: p.Files, Bytes: p.Bytes,
			Volume: p.Volume, Device: p.Device})
	}
	for _, d := range st.Devices {
		out.Devices = append(out.Devices, api.BaculaSDDevice{Name: d.Name, ArchiveDevice: d.ArchiveDevice, Type: d.Type,
			MediaType: d.MediaType, Open: d.Open, Mounted: d.Mounted, Enabled: d.Enabled, Volume: d.Volume,
			FreeBytes: d.FreeSpace, TotalBytes: d.TotalSpace})
	}
	return out, ""
}

// names lists resource names with a dot-command (".clients", ".pools",
// ".storage").
func (s *Service) names(ctx context.Context, dot string) ([]string, error) {
	reply, err := s.command(ctx, dot)
	if err != nil {
		return nil, err
	}
	return bacula.ParseNames(reply), nil
}

// mustExist checks that the director has the resource: a catalog command
// naming one it lacks falls back to another one without a word (recipe
// gotcha G2: `label pool=nosuch` labels into the first pool).
func (s *Service) mustExist(ctx context.Context, dot, what, name string) error {
	names, err := s.names(ctx, dot)
	if err != nil {
		return err
	}
	if !slices.Contains(names, name) {
		return &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("the director has no %s %q", what, name)}
	}
	return nil
}

// location is the director's time zone, in which the catalog's times are
// written.
func (s *Service) location() *time.Location {
	if s.loc == nil {
		return time.Local
	}
	return s.loc
}

// catalogRun is a catalog job on the wire.
func catalogRun(j bacula.Job, loc *time.Location) api.BaculaRun {
	r := api.BaculaRun{JobID: j.JobID, Name: j.Name, Job: j.Job, Type: j.Type, Level: j.Level,
		Status: j.Status.Word(), StatusCode: string(j.Status), StatusText: j.Status.Text(), Done: j.Status.Done(),
		Client: j.Client, Pool: j.Pool, FileSet: j.FileSet, Files: j.Files, Bytes: j.Bytes, Errors: j.Errors,
		Scheduled: timePtr(j.SchedTime), Started: timePtr(j.StartTime), Ended: timePtr(j.EndTime)}
	if r.Started != nil && r.Ended != nil {
		r.Duration = r.Ended.Sub(*r.Started).Seconds()
	}
	return r
}

// timePtr: the zero time (not reached yet) is absent on the wire.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// validName reports a bad name as a bad-request naming field.
func validName(field, name string) error {
	if !bacula.ValidName(name) {
		return &api.Error{Kind: api.KindBadRequest, Field: field,
			Message: fmt.Sprintf("%s %q must be 1 to 127 letters, digits, '_', '.', ':' or '-', starting with a letter or digit", field, name)}
	}
	return nil
}
