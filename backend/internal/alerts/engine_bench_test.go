package alerts

import (
	"context"
	"strconv"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

// One check of a source that reports 1 000 open conditions (the bound):
// what a busy appliance pays every alerts.check_every.
func BenchmarkCheck1000Conditions(b *testing.B) {
	st, err := store.Open(b.TempDir()+"/bams.db", store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	conds := make([]api.AlertCondition, maxConditions)
	for i := range conds {
		conds[i] = api.AlertCondition{Class: "repository-usage", Subject: "repository/r" + strconv.Itoa(i), Level: api.AlertWarning, Text: "81% full"}
	}
	c := &clock{time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	e, err := New(Options{Store: st, Sources: []Source{{Name: "storage", Checker: &scripted{conds: conds}}}, RaiseAfter: 1, Now: c.now, Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	e.Check(context.Background())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.t = c.t.Add(time.Minute)
		e.Check(context.Background())
	}
}

// A page of 100 alerts out of 10 000 in the history, filtered by state.
func BenchmarkListPageOf10000(b *testing.B) {
	st, err := store.Open(b.TempDir()+"/bams.db", store.Options{BackupRoot: "/srv/bams-test"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	var list []*api.Alert
	for i := 0; i < 10000; i++ {
		state := api.AlertCleared
		if i%50 == 0 {
			state = api.AlertActive
		}
		list = append(list, &api.Alert{Source: "backups", Class: "backup-failed", Subject: "host/h" + strconv.Itoa(i), Level: api.AlertError,
			State: state, Raised: t0, Cleared: &t0})
	}
	if err := st.SaveAlerts(list); err != nil {
		b.Fatal(err)
	}
	e, err := New(Options{Store: st, Sources: []Source{{Name: "backups", Checker: &scripted{}}}, Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if l, err := e.List(Filter{States: []api.AlertState{api.AlertActive}}, "", 100); err != nil || len(l.Alerts) != 100 {
			b.Fatal(len(l.Alerts), err)
		}
	}
}
