package retention

import (
	"errors"
	"testing"
)

func TestGuardRefusesEachLimitNamingItsField(t *testing.T) {
	plan := Plan{Token: "t1", Delete: 2, Decisions: []Decision{{Keep: false}, {Keep: false}, {Keep: true}, {Keep: true}}}
	all := func(int) bool { return true }
	for _, c := range []struct {
		g     Guard
		field string
	}{
		{Guard{Token: "t0", MaxDelete: 5, MaxShare: 1}, "plan_token"},
		{Guard{Token: "t1", MaxDelete: 1, MaxShare: 1}, "max_delete"},
		{Guard{MaxDelete: 5, MaxShare: 0.25}, "max_delete"}, // 2 of 4 > 1
	} {
		var ge *GuardError
		if err := c.g.Check(plan, all, "the task's"); !errors.As(err, &ge) || ge.Field != c.field {
			t.Errorf("%+v: %v, want a refusal on %s", c.g, err, c.field)
		}
	}
	if err := (Guard{Token: "t1", MaxDelete: 2, MaxShare: 0.5}).Check(plan, all, "the task's"); err != nil {
		t.Errorf("a plan within every limit was refused: %v", err)
	}
}
