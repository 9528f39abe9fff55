package baculasvc

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"bams/backend/api"
	"bams/backend/internal/bacula"
)

const (
	defaultPoolType      = "Backup"
	defaultPoolRetention = 365 * 24 * 60 * 60
	maxRetentionSeconds  = 100 * 365 * 24 * 60 * 60
)

// poolTypes are the Pool Types Bacula accepts.
var poolTypes = []string{"Backup", "Archive", "Cloned", "Migration", "Copy", "Save", "Scratch"}

// labelFormatPattern: a plain prefix; Bacula's variable expansion
// (${Year}, ...) is left out, since it needs quoting rules of its own.
var labelFormatPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$`)

// Pools lists the director's pools with their catalog figures and the
// bytes on their volumes.
func (s *Service) Pools(ctx context.Context) ([]api.BaculaPool, error) {
	names, err := s.names(ctx, ".pools")
	if err != nil {
		return nil, err
	}
	reply, err := s.command(ctx, "llist pools")
	if err != nil {
		return nil, err
	}
	catalog := map[string]bacula.Pool{}
	for _, p := range bacula.ParsePools(reply) {
		catalog[p.Name] = p
	}
	vols, err := s.catalogVolumes(ctx)
	if err != nil {
		return nil, err
	}
	bytes := map[string]int64{}
	for _, v := range vols {
		bytes[v.Pool] += v.Bytes
	}
	out := make([]api.BaculaPool, 0, len(names))
	for _, name := range names {
		p := catalog[name]
		out = append(out, api.BaculaPool{Name: name, Type: p.Type, Volumes: p.NumVols, MaximumVolumes: p.MaxVols,
			MaximumVolumeBytes: p.MaxVolBytes, VolumeRetentionSeconds: int64(p.Retention.Seconds()), Recycle: p.Recycle,
			AutoPrune: p.AutoPrune, LabelFormat: strings.TrimPrefix(p.LabelFormat, "*"), Bytes: bytes[name],
			Enabled: p.Enabled, Managed: s.resourceExists("pool", name)})
	}
	return out, nil
}

// CreatePool writes a Pool resource, checks the director's configuration
// and reloads it (applyResource); the reload creates the catalog record.
func (s *Service) CreatePool(ctx context.Context, req api.BaculaPoolCreate) (api.BaculaPool, error) {
	if err := normalizePool(&req); err != nil {
		return api.BaculaPool{}, err
	}
	pools, err := s.names(ctx, ".pools")
	if err != nil {
		return api.BaculaPool{}, err
	}
	if slices.Contains(pools, req.Name) {
		return api.BaculaPool{}, &api.Error{Kind: api.KindConflict, Field: "name", Message: fmt.Sprintf("pool %q already exists", req.Name)}
	}
	if req.Storage != "" {
		if err := s.mustExist(ctx, ".storage", "storage", req.Storage); err != nil {
			return api.BaculaPool{}, asField(err, "storage")
		}
	}
	if err := s.applyResource(ctx, "pool", req.Name, poolResource(req)); err != nil {
		return api.BaculaPool{}, err
	}
	all, err := s.Pools(ctx)
	if err != nil {
		return api.BaculaPool{}, err
	}
	for _, p := range all {
		if p.Name == req.Name {
			return p, nil
		}
	}
	return api.BaculaPool{}, fmt.Errorf("pool %q is not in the director after the reload", req.Name)
}

// DeletePool removes a pool BAMS created. It refuses, naming them, while
// volumes are in the pool or Job resources use it. The pool's catalog
// record stays: Bacula 9.6's `delete pool` always asks for a confirmation
// that a console session cannot give, and the record (without volumes)
// keeps old runs' pool readable; a pool created again by that name reuses it.
func (s *Service) DeletePool(ctx context.Context, name string) error {
	if err := ValidResourceName("name", name); err != nil {
		return err
	}
	if err := s.mustExist(ctx, ".pools", "pool", name); err != nil {
		return err
	}
	if !s.resourceExists("pool", name) {
		return &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf(
			"pool %q comes from the director's own configuration, not from BAMS; remove it there", name)}
	}
	vols, err := s.catalogVolumes(ctx)
	if err != nil {
		return err
	}
	var inPool []string
	for _, v := range vols {
		if v.Pool == name {
			inPool = append(inPool, v.Name)
		}
	}
	show, err := s.command(ctx, "show jobs")
	if err != nil {
		return err
	}
	jobs := jobsUsingPool(show, name)
	if len(inPool) > 0 || len(jobs) > 0 {
		var why []string
		if len(inPool) > 0 {
			why = append(why, "volumes "+strings.Join(inPool, ", ")+" are in it")
		}
		if len(jobs) > 0 {
			why = append(why, "jobs "+strings.Join(jobs, ", ")+" use it")
		}
		return &api.Error{Kind: api.KindConflict, Message: fmt.Sprintf("pool %q is in use: %s", name, strings.Join(why, "; "))}
	}
	return s.removeResource(ctx, "pool", name)
}

// normalizePool fills defaults and validates a new pool.
func normalizePool(p *api.BaculaPoolCreate) error {
	if err := ValidResourceName("name", p.Name); err != nil {
		return err
	}
	if p.Type == "" {
		p.Type = defaultPoolType
	}
	if !slices.Contains(poolTypes, p.Type) {
		return invalidField("type", "type must be one of %s", strings.Join(poolTypes, ", "))
	}
	if p.MaximumVolumes < 0 || p.MaximumVolumes > 1_000_000 {
		return invalidField("maximum_volumes", "maximum_volumes must be from 0 (no limit) to 1000000")
	}
	if p.MaximumVolumeBytes < 0 {
		return invalidField("maximum_volume_bytes", "maximum_volume_bytes must be 0 (no limit) or more")
	}
	if p.VolumeRetentionSeconds == 0 {
		p.VolumeRetentionSeconds = defaultPoolRetention
	}
	if p.VolumeRetentionSeconds < 0 || p.VolumeRetentionSeconds > maxRetentionSeconds {
		return invalidField("volume_retention_seconds", "volume_retention_seconds must be from 1 to %d (100 years)", maxRetentionSeconds)
	}
	yes := true
	if p.Recycle == nil {
		p.Recycle = &yes
	}
	if p.AutoPrune == nil {
		p.AutoPrune = &yes
	}
	if p.LabelFormat != "" && !labelFormatPattern.MatchString(p.LabelFormat) {
		return invalidField("label_format", "label_format must be 1 to 32 letters, digits, '_', '.', ':' or '-', starting with a letter or digit")
	}
	if p.Storage != "" {
		return validName("storage", p.Storage)
	}
	return nil
}

// poolResource is the Pool resource for a validated request. Every value
// was checked against a pattern without quotes or newlines, so it can be
// written as is.
func poolResource(p api.BaculaPoolCreate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by BAMS (POST /api/v1/backup/storage/pools). Do not edit: BAMS replaces this file.\n")
	fmt.Fprintf(&b, "Pool {\n  Name = \"%s\"\n  Pool Type = %s\n", p.Name, p.Type)
	fmt.Fprintf(&b, "  Recycle = %s\n  AutoPrune = %s\n", yesNo(*p.Recycle), yesNo(*p.AutoPrune))
	fmt.Fprintf(&b, "  Volume Retention = %d\n", p.VolumeRetentionSeconds)
	if p.MaximumVolumes > 0 {
		fmt.Fprintf(&b, "  Maximum Volumes = %d\n", p.MaximumVolumes)
	}
	if p.MaximumVolumeBytes > 0 {
		fmt.Fprintf(&b, "  Maximum Volume Bytes = %d\n", p.MaximumVolumeBytes)
	}
	if p.LabelFormat != "" {
		fmt.Fprintf(&b, "  Label Format = \"%s\"\n", p.LabelFormat)
	}
	if p.Storage != "" {
		fmt.Fprintf(&b, "  Storage = \"%s\"\n", p.Storage)
	}
	b.WriteString("}\n")
	return b.String()
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// jobsUsingPool reads `show jobs`: the Job resources that name pool
// anywhere (as their pool, a level's, the next pool), in order.
func jobsUsingPool(showJobs, pool string) []string {
	var jobs []string
	for _, j := range bacula.ParseJobResources(showJobs) {
		if slices.Contains(j.Pools, pool) {
			jobs = append(jobs, j.Name)
		}
	}
	return jobs
}

// invalidField is a bad-request naming field.
func invalidField(field, format string, args ...any) error {
	return &api.Error{Kind: api.KindBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}
}

// asField makes a not-found about a referenced resource a bad-request
// naming the field that referred to it.
func asField(err error, field string) error {
	if ae, ok := err.(*api.Error); ok && ae.Kind == api.KindNotFound {
		return &api.Error{Kind: api.KindBadRequest, Field: field, Message: ae.Message}
	}
	return err
}
