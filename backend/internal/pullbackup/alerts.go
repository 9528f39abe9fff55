package pullbackup

import (
	"context"
	"fmt"
	"time"

	"bams/backend/api"
	"bams/backend/internal/cronslot"
)

// AlertSource is the pull backups' periodic check: a host whose last
// backup failed, and a scheduled host without a complete snapshot for
// longer than its schedule allows. It only reads.
type AlertSource struct {
	Service *Service
	// OverdueGrace is how long after a scheduled run its snapshot may take
	// to be complete before the host counts as overdue.
	OverdueGrace time.Duration
	Now          func() time.Time
}

// AlertConditions reports what is wrong with the hosts' backups now.
func (a AlertSource) AlertConditions(ctx context.Context) ([]api.AlertCondition, error) {
	hosts, err := a.Service.Hosts()
	if err != nil {
		return nil, err
	}
	schedules, err := a.Service.store.ListSchedules()
	if err != nil {
		return nil, err
	}
	return backupConditions(hosts, schedules, a.Now(), a.OverdueGrace, a.Service.loc), nil
}

// backupConditions is the check itself, pure: the clock is an argument.
func backupConditions(hosts []api.HostSummary, schedules []api.Schedule, now time.Time, grace time.Duration, loc *time.Location) []api.AlertCondition {
	if loc == nil {
		loc = time.Local
	}
	byHost := map[string]api.Schedule{}
	for _, sc := range schedules {
		byHost[sc.Host] = sc
	}
	var out []api.AlertCondition
	for _, h := range hosts {
		subject := "host/" + h.Name
		if last := h.LastBackup; last != nil && last.State == api.SnapshotFailed {
			text := fmt.Sprintf("the last backup of %s failed", h.Name)
			if last.Finished != nil {
				text += " at " + last.Finished.In(loc).Format("2006-01-02 15:04 MST")
			}
			if last.Error != "" {
				text += ": " + last.Error
			}
			out = append(out, api.AlertCondition{Class: "backup-failed", Subject: subject, Level: api.AlertError, Text: text})
		}
		sc, ok := byHost[h.Name]
		if !ok || !sc.Enabled || !h.Enabled {
			continue
		}
		spec, err := cronslot.Parse(sc.Cron)
		if err != nil {
			continue
		}
		// The newest complete snapshot was started by some slot; the next
		// slot's snapshot should be complete within the grace after it.
		since, what := h.Created, "it was added"
		if s := h.LastSuccess; s != nil && s.Started != nil {
			since, what = *s.Started, "its last complete snapshot"
		}
		due := spec.Next(since.In(loc))
		if due.IsZero() || !now.After(due.Add(grace)) {
			continue
		}
		level := api.AlertWarning
		if again := spec.Next(due); !again.IsZero() && now.After(again.Add(grace)) {
			level = api.AlertError // two scheduled runs went by
		}
		out = append(out, api.AlertCondition{Class: "snapshot-overdue", Subject: subject, Level: level,
			Text: fmt.Sprintf("%s has no complete snapshot since %s (%s); its schedule %q wanted one by %s",
				h.Name, since.In(loc).Format("2006-01-02 15:04 MST"), what, sc.Cron, due.Add(grace).In(loc).Format("2006-01-02 15:04 MST"))})
	}
	return out
}
