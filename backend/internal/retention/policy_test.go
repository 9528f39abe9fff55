package retention

import (
	"errors"
	"testing"
	"time"
)

func TestDefaultPolicyIsValid(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	if DefaultPolicy().Kinds != PruneScheduled {
		t.Error("the default policy must leave manual snapshots alone")
	}
}

func TestValidateNamesTheField(t *testing.T) {
	valid := DefaultPolicy()
	for _, tc := range []struct {
		field  string
		change func(*Policy)
	}{
		{"keep_last", func(p *Policy) { p.KeepLast = -1 }},
		{"keep_hourly", func(p *Policy) { p.KeepHourly = -1 }},
		{"keep_daily", func(p *Policy) { p.KeepDaily = -2 }},
		{"keep_weekly", func(p *Policy) { p.KeepWeekly = -1 }},
		{"keep_monthly", func(p *Policy) { p.KeepMonthly = -1 }},
		{"keep_yearly", func(p *Policy) { p.KeepYearly = -1 }},
		{"minimum", func(p *Policy) { p.Minimum = -3 }},
		{"keep_within", func(p *Policy) { p.KeepWithin = -time.Hour }},
		{"keep_within", func(p *Policy) { p.KeepWithin = 7 }}, // 7ns: a bare JSON number
		{"kinds", func(p *Policy) { p.Kinds = "" }},
		{"kinds", func(p *Policy) { p.Kinds = "Scheduled" }},
		{"policy", func(p *Policy) { *p = Policy{Kinds: PruneAll} }},
	} {
		p := valid
		tc.change(&p)
		var verr *ValidationError
		if err := p.Validate(); !errors.As(err, &verr) || verr.Field != tc.field || verr.Message == "" {
			t.Errorf("%+v: got %v, want a ValidationError for %s", p, err, tc.field)
		}
	}
}

func TestValidateAcceptsEachRuleAlone(t *testing.T) {
	for _, p := range []Policy{
		{KeepLast: 1}, {KeepHourly: 1}, {KeepDaily: 1}, {KeepWeekly: 1}, {KeepMonthly: 1},
		{KeepYearly: 1}, {KeepWithin: time.Minute}, {Minimum: 1},
	} {
		for _, kinds := range []string{PruneScheduled, PruneManual, PruneAll} {
			p.Kinds = kinds
			if err := p.Validate(); err != nil {
				t.Errorf("%+v: %v", p, err)
			}
		}
	}
}
