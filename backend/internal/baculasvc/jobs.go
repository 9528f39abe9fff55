package baculasvc

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
	"bams/backend/internal/store"
)

// JobFilter selects Job resources for Jobs; zero fields match everything.
type JobFilter struct {
	Status   string // the last run's status word, "running" or "never-run"
	Client   string
	Schedule string
}

const statusNeverRun = "never-run"

// Jobs lists the director's Job resources by name, each with its last run
// (from the index) and next scheduled run. cursor is the offset a
// previous page returned as next.
func (s *Service) Jobs(ctx context.Context, f JobFilter, cursor string, limit int) (api.BaculaJobList, error) {
	jobs, err := s.jobResources(ctx, "")
	if err != nil {
		return api.BaculaJobList{}, err
	}
	last := map[string]api.BaculaRun{}
	if err := s.store.EachBaculaRun(func(r api.BaculaRun) error {
		if !r.Purged {
			last[r.Name] = r // oldest first: the newest wins
		}
		return nil
	}); err != nil {
		return api.BaculaJobList{}, err
	}
	var out []api.BaculaJob
	for _, j := range jobs {
		if r, ok := last[j.Name]; ok {
			j.LastRun = &r
			j.Status = r.Status
			if !r.Done {
				j.Status = api.BaculaStatusRunning
			}
		}
		if f.Client != "" && j.Client != f.Client || f.Schedule != "" && j.Schedule != f.Schedule || f.Status != "" && j.Status != f.Status {
			continue
		}
		out = append(out, j)
	}
	start := 0
	if cursor != "" {
		start, _ = strconv.Atoi(cursor)
	}
	list := api.BaculaJobList{Jobs: []api.BaculaJob{}}
	if start < len(out) {
		end := min(start+limit, len(out))
		list.Jobs = out[start:end]
		if end < len(out) {
			list.Next = strconv.Itoa(end)
		}
	}
	return list, nil
}

// jobResources reads the Job resources (one when name is set) with their
// next run, refreshing the index on the way so last runs are current.
func (s *Service) jobResources(ctx context.Context, name string) ([]api.BaculaJob, error) {
	if err := s.refreshIndex(ctx, indexStale); err != nil {
		return nil, err
	}
	cmd := "show jobs"
	if name != "" {
		cmd = "show job=" + name
	}
	reply, err := s.command(ctx, cmd)
	if err != nil {
		return nil, err
	}
	status, err := s.command(ctx, "status dir")
	if err != nil {
		return nil, err
	}
	next := map[string]api.BaculaRun{}
	for _, r := range bacula.ParseScheduled(status, s.location()) {
		if _, seen := next[r.Job]; !seen {
			next[r.Job] = api.BaculaRun{Scheduled: timePtr(r.At)}
		}
	}
	var jobs []api.BaculaJob
	for _, r := range bacula.ParseJobResources(reply) {
		j := api.BaculaJob{Name: r.Name, Type: r.Type, Level: r.Level, Client: r.Client, FileSet: r.FileSet,
			Schedule: r.Schedule, Pool: r.Pool, Storage: r.Storage, Enabled: r.Enabled,
			Managed: s.resourceExists("job", r.Name), Status: statusNeverRun, NextRun: next[r.Name].Scheduled}
		jobs = append(jobs, j)
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].Name < jobs[b].Name })
	return jobs, nil
}

// historyPerJob bounds the runs a job's detail shows.
const historyPerJob = 50

// Job is one Job resource: its configuration as the director shows it
// (passwords redacted), its recent runs and statistics over all of them.
func (s *Service) Job(ctx context.Context, name string) (api.BaculaJobDetail, error) {
	if err := validName("name", name); err != nil {
		return api.BaculaJobDetail{}, err
	}
	jobs, err := s.jobResources(ctx, name)
	if err != nil {
		return api.BaculaJobDetail{}, err
	}
	if len(jobs) != 1 {
		return api.BaculaJobDetail{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("the director has no job %q", name)}
	}
	d := api.BaculaJobDetail{BaculaJob: jobs[0]}
	show, err := s.command(ctx, "show job="+name)
	if err != nil {
		return d, err
	}
	d.Config = bacula.RedactPasswords(show)
	if d.History, _, err = s.store.ListBaculaRuns(store.BaculaRunFilter{Name: name}, "", historyPerJob); err != nil {
		return d, err
	}
	if len(d.History) > 0 {
		d.LastRun = &d.History[0]
		d.Status = d.History[0].Status
		if !d.History[0].Done {
			d.Status = api.BaculaStatusRunning
		}
	}
	var seconds float64
	err = s.store.EachBaculaRun(func(r api.BaculaRun) error {
		if r.Name != name || !r.Done {
			return nil
		}
		st := &d.Statistics
		st.Runs++
		seconds += r.Duration
		if r.Status == api.BaculaStatusOK || r.Status == api.BaculaStatusWarnings {
			st.Succeeded++
			st.Bytes += r.Bytes
			st.Files += r.Files
			st.LastSuccess = r.Ended
		} else {
			st.Failed++
		}
		return nil
	})
	if d.Statistics.Runs > 0 {
		d.Statistics.AverageSeconds = seconds / float64(d.Statistics.Runs)
	}
	return d, err
}

var (
	jobLevels          = []string{"Full", "Incremental", "Differential"}
	bandwidthPattern   = regexp.MustCompile(`^[1-9][0-9]{0,9} ?(b|kb|k|mb|m|kib|mib)/s$`)
	preferredMessages  = "Standard"
	errNoStorageExists = &api.Error{Kind: api.KindConflict, Message: "the director has no storage"}
)

// CreateJob writes a backup Job resource (job-NAME.conf in the resource
// folder), after checking that its client, fileset, schedule, pool,
// storage and messages exist and the name is free; the director's
// configuration is checked before the reload (applyResource).
func (s *Service) CreateJob(ctx context.Context, c api.BaculaJobCreate) (api.BaculaJob, error) {
	if err := ValidResourceName("name", c.Name); err != nil {
		return api.BaculaJob{}, err
	}
	for field, v := range map[string]string{"client": c.Client, "fileset": c.FileSet, "pool": c.Pool} {
		if err := validName(field, v); err != nil {
			return api.BaculaJob{}, err
		}
	}
	for field, v := range map[string]string{"schedule": c.Schedule, "storage": c.Storage, "messages": c.Messages} {
		if v != "" {
			if err := validName(field, v); err != nil {
				return api.BaculaJob{}, err
			}
		}
	}
	if c.Level == "" {
		c.Level = "Incremental"
	}
	if !slices.Contains(jobLevels, c.Level) {
		return api.BaculaJob{}, &api.Error{Kind: api.KindBadRequest, Field: "level", Message: "level must be Full, Incremental or Differential"}
	}
	if c.MaximumBandwidth != "" && !bandwidthPattern.MatchString(strings.ToLower(c.MaximumBandwidth)) {
		return api.BaculaJob{}, &api.Error{Kind: api.KindBadRequest, Field: "maximum_bandwidth",
			Message: `maximum_bandwidth must be a rate like "100 kb/s" or "5 mb/s"`}
	}
	existing, err := s.names(ctx, ".jobs")
	if err != nil {
		return api.BaculaJob{}, err
	}
	if slices.Contains(existing, c.Name) {
		return api.BaculaJob{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("the director already has a job %q", c.Name)}
	}
	res, err := s.JobResources(ctx)
	if err != nil {
		return api.BaculaJob{}, err
	}
	refs := []struct {
		field, value string
		have         []string
	}{
		{"client", c.Client, res.Clients}, {"fileset", c.FileSet, res.FileSets}, {"pool", c.Pool, res.Pools},
		{"schedule", c.Schedule, res.Schedules}, {"storage", c.Storage, res.Storages}, {"messages", c.Messages, res.Messages},
	}
	for i, ref := range refs {
		have := ref.have
		switch {
		case ref.value != "" && !slices.Contains(have, ref.value):
			return api.BaculaJob{}, &api.Error{Kind: api.KindBadRequest, Field: ref.field,
				Message: fmt.Sprintf("the director has no %s %q (it has: %s)", ref.field, ref.value, strings.Join(have, ", "))}
		case ref.value == "" && ref.field == "storage":
			if len(have) == 0 {
				return api.BaculaJob{}, errNoStorageExists
			}
			refs[i].value = have[0]
		case ref.value == "" && ref.field == "messages" && len(have) > 0:
			refs[i].value = have[0]
			if slices.Contains(have, preferredMessages) {
				refs[i].value = preferredMessages
			}
		}
	}
	c.Storage, c.Messages = refs[4].value, refs[5].value
	if err := s.applyResource(ctx, "job", c.Name, jobResource(c)); err != nil {
		return api.BaculaJob{}, err
	}
	return api.BaculaJob{Name: c.Name, Type: "B", Level: c.Level, Client: c.Client, FileSet: c.FileSet, Schedule: c.Schedule,
		Pool: c.Pool, Storage: c.Storage, Enabled: true, Managed: true, Status: statusNeverRun}, nil
}

// jobResource is the Job resource's text. Every value was validated as a
// bare name or a fixed pattern, so quoting is all the escaping it needs.
func jobResource(c api.BaculaJobCreate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by BAMS (POST /api/v1/backup/jobs); changes here may be replaced.\nJob {\n")
	line := func(k, v string) { fmt.Fprintf(&b, "  %s = %q\n", k, v) }
	line("Name", c.Name)
	fmt.Fprintf(&b, "  Type = Backup\n  Level = %s\n", c.Level)
	line("Client", c.Client)
	line("FileSet", c.FileSet)
	if c.Schedule != "" {
		line("Schedule", c.Schedule)
	}
	line("Storage", c.Storage)
	line("Pool", c.Pool)
	if c.Messages != "" {
		line("Messages", c.Messages)
	}
	if c.MaximumBandwidth != "" {
		fmt.Fprintf(&b, "  Maximum Bandwidth = %s\n", c.MaximumBandwidth)
	}
	b.WriteString("}\n")
	return b.String()
}

// JobResources lists, with the director's dot-commands, the names of every
// resource a job can reference: what the job wizard offers and what a job
// being created is checked against.
func (s *Service) JobResources(ctx context.Context) (api.BaculaJobResources, error) {
	var res api.BaculaJobResources
	for _, l := range []struct {
		dot  string
		list *[]string
	}{
		{".clients", &res.Clients}, {".filesets", &res.FileSets}, {".schedule", &res.Schedules},
		{".pools", &res.Pools}, {".storage", &res.Storages}, {".msgs", &res.Messages},
	} {
		names, err := s.names(ctx, l.dot)
		if err != nil {
			return api.BaculaJobResources{}, err
		}
		*l.list = append([]string{}, names...)
	}
	return res, nil
}
