package pullbackup

import (
	"strings"
	"testing"
	"time"

	"bams/backend/api"
)

func TestBackupConditions(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	ptr := func(t time.Time) *time.Time { return &t }
	complete := func(at time.Time) *api.Snapshot {
		return &api.Snapshot{State: api.SnapshotComplete, Started: ptr(at), Finished: ptr(at.Add(time.Hour))}
	}
	failed := &api.Snapshot{State: api.SnapshotFailed, Finished: ptr(day(21, 2)), Error: "rsync exited 12"}
	host := func(last, success *api.Snapshot) api.HostSummary {
		return api.HostSummary{Host: api.Host{Name: "web1", Enabled: true, Created: day(1, 0)}, LastBackup: last, LastSuccess: success}
	}
	daily := []api.Schedule{{Host: "web1", Cron: "0 2 * * *", Enabled: true}}
	const grace = 6 * time.Hour
	for _, tc := range []struct {
		name      string
		host      api.HostSummary
		schedules []api.Schedule
		now       time.Time
		want      []string // class:level
	}{
		{"fine", host(complete(day(21, 2)), complete(day(21, 2))), daily, day(21, 12), nil},
		{"failed", host(failed, complete(day(20, 2))), daily, day(21, 3), []string{"backup-failed:error"}},
		{"within the grace after the next slot", host(complete(day(20, 2)), complete(day(20, 2))), daily, day(21, 7), nil},
		{"overdue", host(complete(day(20, 2)), complete(day(20, 2))), daily, day(21, 9), []string{"snapshot-overdue:warning"}},
		{"two slots missed", host(failed, complete(day(19, 2))), daily, day(21, 9), []string{"backup-failed:error", "snapshot-overdue:error"}},
		{"never a snapshot, counted from when it was added", host(nil, nil), daily, day(2, 9), []string{"snapshot-overdue:error"}},
		{"no schedule: never overdue", host(complete(day(1, 2)), complete(day(1, 2))), nil, day(21, 9), nil},
		{"schedule disabled", host(complete(day(1, 2)), complete(day(1, 2))), []api.Schedule{{Host: "web1", Cron: "0 2 * * *"}}, day(21, 9), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := backupConditions([]api.HostSummary{tc.host}, tc.schedules, tc.now, grace, time.UTC)
			var classes []string
			for _, c := range got {
				classes = append(classes, c.Class+":"+string(c.Level))
				if c.Subject != "host/web1" || !strings.Contains(c.Text, "web1") {
					t.Errorf("condition %+v", c)
				}
			}
			if strings.Join(classes, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("got %v, want %v (%+v)", classes, tc.want, got)
			}
		})
	}
	got := backupConditions([]api.HostSummary{host(failed, nil)}, nil, day(21, 3), grace, time.UTC)
	if want := "the last backup of web1 failed at 2026-11-21 02:00 UTC: rsync exited 12"; len(got) != 1 || got[0].Text != want {
		t.Fatalf("text %+v, want %q", got, want)
	}
}
