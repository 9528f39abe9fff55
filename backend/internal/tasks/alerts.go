package tasks

import (
	"context"
	"fmt"
	"sort"

	"bams/backend/api"
)

// AlertConditions reports each running task the stall watchdog marked
// (tasks.stall_after), one alert per task: it ends when the task moves
// again or finishes.
func (m *Manager) AlertConditions(context.Context) ([]api.AlertCondition, error) {
	m.mu.Lock()
	runs := make([]*Run, 0, len(m.running))
	for _, r := range m.running {
		runs = append(runs, r)
	}
	m.mu.Unlock()
	var out []api.AlertCondition
	for _, r := range runs {
		t := r.snapshot()
		if t.State != api.TaskRunning || !t.Stalled {
			continue
		}
		what := t.Kind
		if t.Target != "" {
			what += " of " + t.Target
		}
		out = append(out, api.AlertCondition{Class: "task-stalled", Subject: "task/" + t.ID, Level: api.AlertWarning,
			Text: fmt.Sprintf("task %s (%s) has made no progress for %s", t.ID, what, m.stallAfter)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out, nil
}
