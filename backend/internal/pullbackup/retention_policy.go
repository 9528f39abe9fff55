package pullbackup

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
	"bams/backend/internal/store"
)

// Limits of a retention policy on the wire.
const (
	defaultMaxDelete = 10
	maxMaxDelete     = 100000
	maxKeepWithin    = 36500 * 24 * time.Hour // a century: beyond is a typo
	maxKeepCount     = 1000000
)

// keepWithinPattern: days, hours, minutes, each at most once and in that
// order, each a whole number. No seconds, no fractions, no signs, no
// spaces: a retention window is thought of in days, and strictness keeps
// "7" (a unit forgotten) from meaning seven nanoseconds.
var keepWithinPattern = regexp.MustCompile(`^(?:(\d{1,6})d)?(?:(\d{1,7})h)?(?:(\d{1,9})m)?$`)

// ParseKeepWithin reads keep_within ("7d", "36h", "1d12h", "90m"; "" or
// "0" for off).
func ParseKeepWithin(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	m := keepWithinPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, invalid("keep_within", "keep_within %q must be whole days, hours and minutes in that order, like 7d, 36h, 1d12h or 90m (0 turns the rule off)", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if m[i+1] == "" {
			continue
		}
		n, _ := strconv.ParseInt(m[i+1], 10, 64) // at most 9 digits
		d += time.Duration(n) * unit
	}
	if d > maxKeepWithin {
		return 0, invalid("keep_within", "keep_within %q is longer than %dd", s, maxKeepWithin/(24*time.Hour))
	}
	return d, nil
}

// FormatKeepWithin writes d the way ParseKeepWithin reads it ("" for 0).
func FormatKeepWithin(d time.Duration) string {
	var b strings.Builder
	for _, unit := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if d >= unit.size {
			fmt.Fprintf(&b, "%d%s", d/unit.size, unit.name)
			d %= unit.size
		}
	}
	return b.String()
}

// plannerPolicy validates a wire policy and turns it into the planner's,
// filling the defaults (kinds scheduled, max_delete 10) into p. Errors
// are 400s naming the wire field.
func plannerPolicy(p *api.RetentionPolicy) (retention.Policy, error) {
	if p.Kinds == "" {
		p.Kinds = retention.PruneScheduled
	}
	if p.MaxDelete == 0 {
		p.MaxDelete = defaultMaxDelete
	}
	if p.MaxDelete < 1 || p.MaxDelete > maxMaxDelete {
		return retention.Policy{}, invalid("max_delete", "max_delete must be from 1 to %d (0 means %d)", maxMaxDelete, defaultMaxDelete)
	}
	within, err := ParseKeepWithin(p.KeepWithin)
	if err != nil {
		return retention.Policy{}, err
	}
	p.KeepWithin = FormatKeepWithin(within)
	rp := retention.Policy{KeepLast: p.KeepLast, KeepHourly: p.KeepHourly, KeepDaily: p.KeepDaily,
		KeepWeekly: p.KeepWeekly, KeepMonthly: p.KeepMonthly, KeepYearly: p.KeepYearly,
		KeepWithin: within, Minimum: p.Minimum, Kinds: p.Kinds}
	var ve *retention.ValidationError
	if err := rp.Validate(); errors.As(err, &ve) {
		return retention.Policy{}, invalid(ve.Field, "%s", ve.Message)
	} else if err != nil {
		return retention.Policy{}, err
	}
	for field, n := range map[string]int{"keep_last": p.KeepLast, "keep_hourly": p.KeepHourly, "keep_daily": p.KeepDaily,
		"keep_weekly": p.KeepWeekly, "keep_monthly": p.KeepMonthly, "keep_yearly": p.KeepYearly, "minimum": p.Minimum} {
		if n > maxKeepCount {
			return retention.Policy{}, invalid(field, "%s must be at most %d", field, maxKeepCount)
		}
	}
	return rp, nil
}

// PlannerPolicy is the one reading of a wire retention policy, for the
// snapshot tasks' policies too: validated (400s naming the policy's
// field), defaults filled into p, the planner's policy out.
func PlannerPolicy(p *api.RetentionPolicy) (retention.Policy, error) { return plannerPolicy(p) }

// builtInPolicy applies where no policy was saved: retention's default.
func builtInPolicy() api.RetentionPolicy {
	d := retention.DefaultPolicy()
	return api.RetentionPolicy{KeepLast: d.KeepLast, KeepHourly: d.KeepHourly, KeepDaily: d.KeepDaily,
		KeepWeekly: d.KeepWeekly, KeepMonthly: d.KeepMonthly, KeepYearly: d.KeepYearly,
		KeepWithin: FormatKeepWithin(d.KeepWithin), Minimum: d.Minimum, Kinds: d.Kinds, MaxDelete: defaultMaxDelete}
}

// RetentionPolicy is the policy that applies to host ("" for the global
// default), and where it comes from.
func (s *Service) RetentionPolicy(host string) (api.RetentionPolicyView, error) {
	if host != "" {
		if _, err := s.Host(host); err != nil {
			return api.RetentionPolicyView{}, err
		}
		var p api.RetentionPolicy
		if err := s.store.GetRetention(host, &p); err == nil {
			return api.RetentionPolicyView{Policy: p, Source: api.PolicyFromHost}, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return api.RetentionPolicyView{}, err
		}
	}
	var p api.RetentionPolicy
	err := s.store.GetRetention(store.DefaultPolicyKey, &p)
	switch {
	case err == nil:
		return api.RetentionPolicyView{Policy: p, Source: api.PolicyFromDefault}, nil
	case errors.Is(err, store.ErrNotFound):
		return api.RetentionPolicyView{Policy: builtInPolicy(), Source: api.PolicyFromBuiltIn}, nil
	}
	return api.RetentionPolicyView{}, err
}

// SetRetentionPolicy validates and saves host's own policy ("" for the
// global default).
func (s *Service) SetRetentionPolicy(host string, p api.RetentionPolicy) (api.RetentionPolicyView, error) {
	key, source := store.DefaultPolicyKey, api.PolicyFromDefault
	if host != "" {
		if _, err := s.Host(host); err != nil {
			return api.RetentionPolicyView{}, err
		}
		key, source = host, api.PolicyFromHost
	}
	if _, err := plannerPolicy(&p); err != nil {
		return api.RetentionPolicyView{}, err
	}
	if err := s.store.PutRetention(key, p); err != nil {
		return api.RetentionPolicyView{}, err
	}
	return api.RetentionPolicyView{Policy: p, Source: source}, nil
}

// ResetRetentionPolicy drops host's own policy, so it falls back to the
// global default; for host "" it drops the saved global default, so hosts
// without their own fall back to the built-in one. It answers the policy
// that applies now.
func (s *Service) ResetRetentionPolicy(host string) (api.RetentionPolicyView, error) {
	key := store.DefaultPolicyKey
	if host != "" {
		if _, err := s.Host(host); err != nil {
			return api.RetentionPolicyView{}, err
		}
		key = host
	}
	if err := s.store.DeleteRetention(key); err != nil {
		return api.RetentionPolicyView{}, err
	}
	return s.RetentionPolicy(host)
}
