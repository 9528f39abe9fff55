package pullbackup

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"bams/backend/api"
	"bams/backend/internal/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// scheduledRuns lists the backup tasks the scheduler started, oldest first.
func scheduledRuns(t *testing.T, s *Service) []api.Task {
	t.Helper()
	list, _, err := s.tasks.List(store.TaskFilter{Kind: TaskKind}, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list
}

func scheduledHost(t *testing.T, s *Service, loc *time.Location, cronExpr string, now time.Time) {
	t.Helper()
	s.loc = loc
	h := validHost()
	h.Enabled = true
	if _, err := s.CreateHost(h); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.store.GetHost(h.Name)
	stored.HostKey = "SHA256:accepted"
	s.store.UpdateHost(stored)
	if _, err := s.SetSchedule(h.Name, api.Schedule{Cron: cronExpr, Enabled: true}, now); err != nil {
		t.Fatal(err)
	}
}

func waitIdle(t *testing.T, s *Service) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for held(s.locks, "web1") {
		if time.Now().After(deadline) {
			t.Fatal("backup did not end")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The schedule fires at its times in the appliance's time zone.
func TestSchedulerFiresInTheConfiguredZone(t *testing.T) {
	s := newService(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	scheduledHost(t, s, berlin, "15 2 * * *", start)

	// 02:15 in Berlin is 01:15 UTC in November
	if next := s.Tick(time.Date(2026, 11, 21, 1, 14, 59, 0, time.UTC), quiet); !next.Equal(time.Date(2026, 11, 21, 1, 15, 0, 0, time.UTC)) {
		t.Fatalf("next slot %s, want 01:15 UTC", next.UTC())
	}
	if runs := scheduledRuns(t, s); len(runs) != 0 {
		t.Fatalf("fired early: %+v", runs)
	}
	s.Tick(time.Date(2026, 11, 21, 1, 15, 0, 0, time.UTC), quiet)
	runs := scheduledRuns(t, s)
	if len(runs) != 1 || runs[0].Target != "web1" || runs[0].By.User != "scheduler" {
		t.Fatalf("runs after the slot: %+v", runs)
	}
	waitIdle(t, s)
	// the same slot never fires twice
	s.Tick(time.Date(2026, 11, 21, 1, 30, 0, 0, time.UTC), quiet)
	if runs := scheduledRuns(t, s); len(runs) != 1 {
		t.Fatalf("a slot fired twice: %d runs", len(runs))
	}
	list, _ := s.Schedules()
	if len(list) != 1 || list[0].NextRun == nil || !list[0].NextRun.Equal(time.Date(2026, 11, 22, 1, 15, 0, 0, time.UTC)) {
		t.Fatalf("next run: %+v", list)
	}
}

// After downtime, the missed slots make one backup, not one each.
func TestSchedulerRunsOneMissedBackupAfterDowntime(t *testing.T) {
	s := newService(t)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	scheduledHost(t, s, time.UTC, "0 * * * *", start)
	s.Tick(start.Add(5*24*time.Hour+time.Minute), quiet) // 120 hourly slots missed
	if runs := scheduledRuns(t, s); len(runs) != 1 {
		t.Fatalf("%d backups after downtime, want 1", len(runs))
	}
	sc, _ := s.store.GetSchedule("web1")
	if !sc.LastSlot.Equal(start.Add(5 * 24 * time.Hour)) {
		t.Fatalf("last slot %s, want the newest missed one", sc.LastSlot)
	}
}

// A slot that finds its host busy is skipped, not queued.
func TestSchedulerSkipsASlotWhileTheHostIsBusy(t *testing.T) {
	s := newService(t)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	scheduledHost(t, s, time.UTC, "*/10 * * * *", start)
	lock, _ := s.locks.acquireForTask("web1")
	lock.setTask("99")
	s.Tick(start.Add(10*time.Minute), quiet)
	if runs := scheduledRuns(t, s); len(runs) != 0 {
		t.Fatalf("started while busy: %+v", runs)
	}
	lock.release()
	s.Tick(start.Add(15*time.Minute), quiet) // the skipped slot is not made up
	if runs := scheduledRuns(t, s); len(runs) != 0 {
		t.Fatalf("a skipped slot was queued: %+v", runs)
	}
	s.Tick(start.Add(20*time.Minute), quiet)
	if runs := scheduledRuns(t, s); len(runs) != 1 {
		t.Fatalf("the next slot did not run: %d", len(runs))
	}
}

// A disabled host keeps its schedule but is not backed up.
func TestSchedulerSkipsDisabledHosts(t *testing.T) {
	s := newService(t)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	scheduledHost(t, s, time.UTC, "@hourly", start)
	h, _ := s.store.GetHost("web1")
	h.Enabled = false
	s.store.UpdateHost(h)
	s.Tick(start.Add(time.Hour), quiet)
	if runs := scheduledRuns(t, s); len(runs) != 0 {
		t.Fatalf("a disabled host was backed up: %+v", runs)
	}
}

func TestScheduleValidation(t *testing.T) {
	s := newService(t)
	s.CreateHost(validHost())
	for _, bad := range []string{"", "61 * * * *", "* * *", "every day", "@yearlyish"} {
		if _, err := s.SetSchedule("web1", api.Schedule{Cron: bad}, time.Now()); kindOf(err) != api.KindBadRequest {
			t.Errorf("cron %q: %v", bad, err)
		}
	}
	if _, err := s.SetSchedule("nope", api.Schedule{Cron: "@daily"}, time.Now()); kindOf(err) != api.KindNotFound {
		t.Errorf("unknown host: %v", err)
	}
	for _, good := range []string{"@daily", "@every 6h", "15 2 * * 1-5"} {
		if _, err := s.SetSchedule("web1", api.Schedule{Cron: good, Enabled: true}, time.Now()); err != nil {
			t.Errorf("cron %q: %v", good, err)
		}
	}
}

func held(l *hostLocks, host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.holders[host]
	return ok
}
