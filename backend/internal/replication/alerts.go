package replication

import (
	"context"
	"fmt"

	"bams/backend/api"
)

// AlertSource is the replications' periodic check (alerts source
// `replication`): a task whose last run failed, with its own class when
// the target shares no snapshot with the source (an admin must decide
// what happens to the target; BAMS never will). It only reads.
type AlertSource struct{ Service *Service }

// AlertConditions reports what is wrong with the replications now.
func (a AlertSource) AlertConditions(context.Context) ([]api.AlertCondition, error) {
	list, err := a.Service.store.ListReplications()
	if err != nil {
		return nil, err
	}
	return conditions(list), nil
}

// conditions is the check itself, pure.
func conditions(list []api.ReplicationTask) []api.AlertCondition {
	var out []api.AlertCondition
	for _, t := range list {
		last := t.LastRun
		if !t.Enabled || last == nil || last.Result != api.ReplicationFailed {
			continue
		}
		class := "replication-failed"
		if last.ErrorKind == "no-common" {
			class = "replication-no-common"
		}
		out = append(out, api.AlertCondition{Class: class, Subject: "replication/" + t.Name, Level: api.AlertError,
			Text: fmt.Sprintf("replication %s failed: %s", t.Name, last.Error)})
	}
	return out
}
