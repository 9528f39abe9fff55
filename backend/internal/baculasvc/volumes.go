package baculasvc

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

// volumeStatuses are the statuses `update volume=V volstatus=S` accepts
// from an operator (Recycle, Purged and Error are the director's to set).
var volumeStatuses = []string{"Append", "Archive", "Disabled", "Full", "Used", "Cleaning", "Read-Only"}

// Volumes lists the catalog's volumes, in one pool when pool is set.
func (s *Service) Volumes(ctx context.Context, pool string) ([]api.BaculaVolume, error) {
	if pool != "" {
		if err := validName("pool", pool); err != nil {
			return nil, err
		}
	}
	vols, err := s.catalogVolumes(ctx)
	if err != nil {
		return nil, err
	}
	storages, err := s.storages(ctx)
	if err != nil {
		return nil, err
	}
	out := []api.BaculaVolume{}
	for _, v := range vols {
		if pool == "" || v.Pool == pool {
			out = append(out, wireVolume(v, storages))
		}
	}
	return out, nil
}

// LabelVolume labels a new volume into a pool on a storage, then sets its
// maximum size. Pool and storage are checked first: `label` with a pool or
// storage the director lacks picks another one without asking (gotcha G2).
func (s *Service) LabelVolume(ctx context.Context, req api.BaculaVolumeLabel) (api.BaculaVolume, error) {
	if err := validName("name", req.Name); err != nil {
		return api.BaculaVolume{}, err
	}
	if err := validName("pool", req.Pool); err != nil {
		return api.BaculaVolume{}, err
	}
	if req.Storage != "" {
		if err := validName("storage", req.Storage); err != nil {
			return api.BaculaVolume{}, err
		}
	}
	if req.MaximumBytes < 0 {
		return api.BaculaVolume{}, invalidField("maximum_bytes", "maximum_bytes must be 0 (the pool's) or more")
	}
	if err := s.mustExist(ctx, ".pools", "pool", req.Pool); err != nil {
		return api.BaculaVolume{}, asField(err, "pool")
	}
	storages, err := s.names(ctx, ".storage")
	if err != nil {
		return api.BaculaVolume{}, err
	}
	switch {
	case req.Storage == "" && len(storages) == 1:
		req.Storage = storages[0]
	case req.Storage == "":
		return api.BaculaVolume{}, invalidField("storage", "the director has %d storages (%s): say which", len(storages), strings.Join(storages, ", "))
	case !slices.Contains(storages, req.Storage):
		return api.BaculaVolume{}, invalidField("storage", "the director has no storage %q", req.Storage)
	}
	if _, found, err := s.catalogVolume(ctx, req.Name); err != nil {
		return api.BaculaVolume{}, err
	} else if found {
		return api.BaculaVolume{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("volume %q already exists", req.Name)}
	}
	// All arguments given, so `label` asks nothing; "yes" answers its
	// confirmation.
	reply, err := s.command(ctx, fmt.Sprintf("label storage=%s volume=%s pool=%s yes", req.Storage, req.Name, req.Pool))
	if err != nil {
		return api.BaculaVolume{}, err
	}
	if !strings.Contains(reply, "3000 OK label") {
		return api.BaculaVolume{}, &api.Error{Kind: api.KindToolFailed, Message: "label did not succeed: " + lastLines(reply, 3)}
	}
	if req.MaximumBytes > 0 {
		max := req.MaximumBytes
		return s.UpdateVolume(ctx, req.Name, api.BaculaVolumeUpdate{MaximumBytes: &max})
	}
	return s.volume(ctx, req.Name)
}

// UpdateVolume changes a volume's status, pool, recycle flag, retention
// or maximum size in one `update volume` command.
func (s *Service) UpdateVolume(ctx context.Context, name string, req api.BaculaVolumeUpdate) (api.BaculaVolume, error) {
	if err := validName("name", name); err != nil {
		return api.BaculaVolume{}, err
	}
	args, err := volumeUpdateArgs(req)
	if err != nil {
		return api.BaculaVolume{}, err
	}
	if req.Pool != "" {
		if err := s.mustExist(ctx, ".pools", "pool", req.Pool); err != nil {
			return api.BaculaVolume{}, asField(err, "pool")
		}
	}
	if _, found, err := s.catalogVolume(ctx, name); err != nil {
		return api.BaculaVolume{}, err
	} else if !found {
		return api.BaculaVolume{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no volume %q in the catalog", name)}
	}
	reply, err := s.command(ctx, "update volume="+name+" "+strings.Join(args, " "))
	if err != nil {
		return api.BaculaVolume{}, err
	}
	// Each accepted setting is confirmed with a "New ... is: ..." line; a
	// refused one ("Invalid ... specified") is only text.
	if strings.Contains(reply, "Invalid ") || strings.Count(reply, "New ") < len(args) {
		return api.BaculaVolume{}, &api.Error{Kind: api.KindBadRequest, Message: "the director refused the update: " + lastLines(reply, 3)}
	}
	return s.volume(ctx, name)
}

// volumeUpdateArgs validates an update and returns its keywords, in a
// fixed order; at least one is needed.
func volumeUpdateArgs(req api.BaculaVolumeUpdate) ([]string, error) {
	var args []string
	if req.Status != "" {
		if !slices.Contains(volumeStatuses, req.Status) {
			return nil, invalidField("status", "status must be one of %s", strings.Join(volumeStatuses, ", "))
		}
		args = append(args, "volstatus="+req.Status)
	}
	if req.Pool != "" {
		if err := validName("pool", req.Pool); err != nil {
			return nil, err
		}
		args = append(args, "pool="+req.Pool)
	}
	if req.Recycle != nil {
		args = append(args, "recycle="+yesNo(*req.Recycle))
	}
	if r := req.RetentionSeconds; r != nil {
		if *r < 0 || *r > maxRetentionSeconds {
			return nil, invalidField("retention_seconds", "retention_seconds must be from 0 to %d (100 years)", maxRetentionSeconds)
		}
		args = append(args, "volretention="+strconv.FormatInt(*r, 10))
	}
	if m := req.MaximumBytes; m != nil {
		if *m < 0 {
			return nil, invalidField("maximum_bytes", "maximum_bytes must be 0 (no limit) or more")
		}
		args = append(args, "maxvolbytes="+strconv.FormatInt(*m, 10))
	}
	if len(args) == 0 {
		return nil, invalidField("", "nothing to change: give status, pool, recycle, retention_seconds or maximum_bytes")
	}
	return args, nil
}

// DeleteVolume removes a volume from the catalog. A volume that still
// holds jobs is refused, naming them, unless force: then the catalog
// forgets those jobs too (Bacula's own rule), and they are returned.
func (s *Service) DeleteVolume(ctx context.Context, name string, force bool) (api.BaculaVolumeDeleted, error) {
	if err := validName("name", name); err != nil {
		return api.BaculaVolumeDeleted{}, err
	}
	if _, found, err := s.catalogVolume(ctx, name); err != nil {
		return api.BaculaVolumeDeleted{}, err
	} else if !found {
		return api.BaculaVolumeDeleted{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no volume %q in the catalog", name)}
	}
	jobs, err := s.volumeJobs(ctx, name)
	if err != nil {
		return api.BaculaVolumeDeleted{}, err
	}
	if len(jobs) > 0 && !force {
		return api.BaculaVolumeDeleted{}, &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"volume %q holds jobs %s; deleting it would drop them from the catalog (force=true does that)", name, jobList(jobs))}
	}
	if _, err := s.command(ctx, "delete volume="+name+" yes"); err != nil {
		return api.BaculaVolumeDeleted{}, err
	}
	if _, found, err := s.catalogVolume(ctx, name); err != nil {
		return api.BaculaVolumeDeleted{}, err
	} else if found {
		return api.BaculaVolumeDeleted{}, fmt.Errorf("volume %q is still in the catalog after delete", name)
	}
	return api.BaculaVolumeDeleted{Deleted: name, Jobs: jobs,
		Note: "the catalog record is gone; a File volume's file stays in its storage directory until removed there"}, nil
}

// volume is one volume on the wire.
func (s *Service) volume(ctx context.Context, name string) (api.BaculaVolume, error) {
	v, found, err := s.catalogVolume(ctx, name)
	if err != nil {
		return api.BaculaVolume{}, err
	}
	if !found {
		return api.BaculaVolume{}, &api.Error{Kind: api.KindNotFound, Message: fmt.Sprintf("no volume %q in the catalog", name)}
	}
	storages, err := s.storages(ctx)
	if err != nil {
		return api.BaculaVolume{}, err
	}
	return wireVolume(v, storages), nil
}

// catalogVolumes is every volume, each with its pool.
func (s *Service) catalogVolumes(ctx context.Context) ([]bacula.Volume, error) {
	reply, err := s.command(ctx, "llist volumes")
	if err != nil {
		return nil, err
	}
	return bacula.ParseVolumes(reply, s.location()), nil
}

// catalogVolume finds one volume by name. `llist volume=NAME` prints no
// pool heading, so the full list is searched instead.
func (s *Service) catalogVolume(ctx context.Context, name string) (bacula.Volume, bool, error) {
	vols, err := s.catalogVolumes(ctx)
	if err != nil {
		return bacula.Volume{}, false, err
	}
	for _, v := range vols {
		if v.Name == name {
			return v, true, nil
		}
	}
	return bacula.Volume{}, false, nil
}

// volumeJobs are the runs with data on the volume, newest first. Bacula
// 9.6 ignores "volume=" in `list jobs` and `list jobmedia` (both list every
// job), so the volume's job ids come from the whole job-media table.
func (s *Service) volumeJobs(ctx context.Context, name string) ([]api.BaculaRun, error) {
	reply, err := s.command(ctx, "list jobmedia")
	if err != nil {
		return nil, err
	}
	ids := parseJobMedia(reply)[name]
	runs := []api.BaculaRun{}
	if len(ids) == 0 {
		return runs, nil
	}
	reply, err = s.command(ctx, "list jobs")
	if err != nil {
		return nil, err
	}
	jobs := bacula.ParseJobs(reply, s.location())
	for i := len(jobs) - 1; i >= 0; i-- {
		if slices.Contains(ids, jobs[i].JobID) {
			runs = append(runs, catalogRun(jobs[i], s.location()))
		}
	}
	return runs, nil
}

// parseJobMedia reads `list jobmedia`'s table ("| JobId | VolumeName |
// FirstIndex | LastIndex |"): each volume's job ids, each once. A job
// spanning volumes has a row on each.
func parseJobMedia(reply string) map[string][]int64 {
	out := map[string][]int64{}
	inTable := false
	for _, line := range strings.Split(reply, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !strings.HasPrefix(line, "|") || len(cells) < 2 {
			continue
		}
		id, err := strconv.ParseInt(cells[0], 10, 64)
		switch {
		case err != nil: // a header row starts every table
			inTable = cells[0] == "JobId" && cells[1] == "VolumeName"
		case inTable && !slices.Contains(out[cells[1]], id):
			out[cells[1]] = append(out[cells[1]], id)
		}
	}
	return out
}

// jobList names runs for a message: "1 (BackupData), 4 (BackupData)".
func jobList(runs []api.BaculaRun) string {
	parts := make([]string, len(runs))
	for i, r := range runs {
		parts[i] = fmt.Sprintf("%d (%s)", r.JobID, r.Name)
	}
	return strings.Join(parts, ", ")
}

// lastLines is the end of a reply, for an error message.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}
