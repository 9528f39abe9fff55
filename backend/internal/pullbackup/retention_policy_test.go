package pullbackup

import (
	"errors"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/retention"
)

func fieldOf(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Field
	}
	return ""
}

func TestKeepWithinFormat(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"": 0, "0": 0, "7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, "1d12h": 36 * time.Hour,
		"90m": 90 * time.Minute, "1d1h1m": 25*time.Hour + time.Minute,
	} {
		got, err := ParseKeepWithin(in)
		if err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"7", "7 d", "1h1d", "1.5d", "-1d", "7D", "1w", "10s", "d", "1d1d", "36500000d", " 7d"} {
		if _, err := ParseKeepWithin(bad); fieldOf(err) != "keep_within" {
			t.Errorf("%q: %v, want a keep_within error", bad, err)
		}
	}
	for d, want := range map[time.Duration]string{0: "", 36 * time.Hour: "1d12h", 90 * time.Minute: "1h30m", 14 * 24 * time.Hour: "14d"} {
		if got := FormatKeepWithin(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

func TestPlannerPolicyMapsEveryField(t *testing.T) {
	wire := api.RetentionPolicy{KeepLast: 1, KeepHourly: 2, KeepDaily: 3, KeepWeekly: 4, KeepMonthly: 5,
		KeepYearly: 6, KeepWithin: "36h", Minimum: 7, Kinds: "all"}
	got, err := plannerPolicy(&wire)
	want := retention.Policy{KeepLast: 1, KeepHourly: 2, KeepDaily: 3, KeepWeekly: 4, KeepMonthly: 5,
		KeepYearly: 6, KeepWithin: 36 * time.Hour, Minimum: 7, Kinds: retention.PruneAll}
	if err != nil || got != want {
		t.Fatalf("%+v %v", got, err)
	}
	if wire.KeepWithin != "1d12h" || wire.MaxDelete != defaultMaxDelete {
		t.Fatalf("not normalized: %+v", wire)
	}
	empty := api.RetentionPolicy{KeepDaily: 1}
	if _, err := plannerPolicy(&empty); err != nil || empty.Kinds != retention.PruneScheduled {
		t.Fatalf("kinds default: %+v %v", empty, err)
	}
}

func TestPolicyValidationNamesTheField(t *testing.T) {
	for field, p := range map[string]api.RetentionPolicy{
		"keep_last":    {KeepLast: -1},
		"keep_hourly":  {KeepHourly: -1, KeepDaily: 1},
		"keep_daily":   {KeepDaily: -7},
		"keep_weekly":  {KeepWeekly: -1},
		"keep_monthly": {KeepMonthly: -1},
		"keep_yearly":  {KeepYearly: -1},
		"minimum":      {Minimum: -1, KeepDaily: 1},
		"keep_within":  {KeepWithin: "7", KeepDaily: 1},
		"kinds":        {KeepDaily: 1, Kinds: "weekly"},
		"max_delete":   {KeepDaily: 1, MaxDelete: -1},
		"policy":       {},
	} {
		_, err := plannerPolicy(&p)
		if kindOf(err) != api.KindBadRequest || fieldOf(err) != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestPolicySources(t *testing.T) {
	s := newService(t)
	if _, err := s.CreateHost(validHost()); err != nil {
		t.Fatal(err)
	}
	source := func(want string) api.RetentionPolicy {
		t.Helper()
		v, err := s.RetentionPolicy("web1")
		if err != nil || v.Source != want {
			t.Fatalf("%+v %v, want source %s", v, err, want)
		}
		return v.Policy
	}
	if p := source(api.PolicyFromBuiltIn); p.KeepDaily != 7 || p.MaxDelete != defaultMaxDelete {
		t.Fatalf("built-in: %+v", p)
	}
	if _, err := s.SetRetentionPolicy("", api.RetentionPolicy{KeepLast: 5}); err != nil {
		t.Fatal(err)
	}
	if p := source(api.PolicyFromDefault); p.KeepLast != 5 {
		t.Fatalf("default: %+v", p)
	}
	if _, err := s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepWithin: "36h"}); err != nil {
		t.Fatal(err)
	}
	if p := source(api.PolicyFromHost); p.KeepWithin != "1d12h" || p.KeepLast != 0 {
		t.Fatalf("host: %+v", p)
	}
	// a bad policy changes nothing
	if _, err := s.SetRetentionPolicy("web1", api.RetentionPolicy{KeepDaily: -1}); fieldOf(err) != "keep_daily" {
		t.Fatalf("bad policy: %v", err)
	}
	source(api.PolicyFromHost)
	if v, err := s.ResetRetentionPolicy("web1"); err != nil || v.Source != api.PolicyFromDefault {
		t.Fatalf("reset: %+v %v", v, err)
	}
	// dropping the saved default brings back the built-in one
	if v, err := s.ResetRetentionPolicy(""); err != nil || v.Source != api.PolicyFromBuiltIn {
		t.Fatalf("reset of the default: %+v %v", v, err)
	}
	source(api.PolicyFromBuiltIn)
	if _, err := s.RetentionPolicy("nohost"); kindOf(err) != api.KindNotFound {
		t.Fatalf("unknown host: %v", err)
	}
}
