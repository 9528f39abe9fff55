// "Apply": deletes what the plan shown says, after a confirmation with the
// count and the max-delete limit. Only offered to users who may manage, and
// only for the saved policy's plan as of now (what apply re-plans). The
// task is followed live; onDone runs when it ends. A host's plan by
// default; applyPlan(plan, limit) applies another owner's (a snapshot task's).
import { useEffect, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { applyRetention } from "../../api/retention.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { maxDeleteOf } from "./policy.js";

const applyHostPlan = name => (plan, limit) =>
    applyRetention(name, { kind: plan.kind, planToken: plan.plan_token, maxDelete: limit });

export function ApplyRetention({ name, plan, why, onDone, applyPlan = applyHostPlan(name) }) {
    const { can } = useSession();
    const [confirming, setConfirming] = useState(false);
    const { task, error: followError, follow } = useFollowedTask();
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const ended = task && isDone(task.state) ? task.id : null;
    // once per task, when it has ended (however its end became known)
    useEffect(() => { if (ended) onDone() }, [ended]);

    if (!can(MANAGE))
        return null;
    const limit = maxDeleteOf(plan.policy);
    const apply = () => {
        setBusy(true);
        setError(null);
        applyPlan(plan, limit)
                .then(t => {
                    follow(t);
                    setConfirming(false);
                }, setError)
                .finally(() => setBusy(false));
    };

    return (
        <>
            <Button variant="danger" onClick={() => setConfirming(true)} data-test="retention-apply"
                    isDisabled={!!why || plan.delete === 0 || (task && !isDone(task.state))}>
                {cockpit.format(_("Apply: delete $0"), plan.delete)}
            </Button>
            {why && <span className="bams-muted" data-test="apply-why"> {why}</span>}
            {task &&
                <div data-test="retention-task" data-task-id={task.id} data-state={task.state}>
                    <TaskState task={task} /> <a href={`#/tasks/${task.id}`}>{_("Log")}</a>
                    <TaskProgress task={task} />
                    {task.error && <p>{task.error}</p>}
                </div>}
            <ApiErrorAlert error={!confirming && (error || followError)} />
            {confirming &&
                <FormModal id="retention-apply-form" test="retention-confirm" danger
                           title={cockpit.format(_("Delete $0 snapshots of $1?"), plan.delete, name)}
                           onSubmit={apply} busy={busy} canSubmit={plan.delete <= limit} error={error}
                           onClose={() => setConfirming(false)} submit={_("Delete")} submitTest="retention-confirm-apply">
                    <p data-test="confirm-count">
                        {cockpit.format(_("$0 snapshots are deleted (about $1 freed, an estimate); $2 are kept."),
                                        plan.delete, bytes(plan.freed_bytes_estimate), plan.keep)}
                    </p>
                    <p data-test="confirm-limit">
                        {cockpit.format(_("The max-delete limit is $0: bamsd refuses if the plan now deletes more."),
                                        limit)}
                    </p>
                    {plan.delete > limit &&
                        <p className="bams-log-error">{_("This plan deletes more than the limit: raise max delete in the policy first.")}</p>}
                </FormModal>}
        </>
    );
}
