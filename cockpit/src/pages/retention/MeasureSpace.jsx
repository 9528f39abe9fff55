// "Measure exactly": the plan's figure for the space its deletions free is
// an estimate (the deleted snapshots' new data); this starts the task that
// walks those snapshots and counts the blocks no kept snapshot links to,
// followed live, and shows the exact figure beside the estimate.
import { useState } from "react";

import cockpit, { _ } from "../../cockpit.js";
import { startRetentionSpace } from "../../api/retention.js";
import { bytes } from "../../format.js";
import { OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";

export function MeasureSpace({ name, plan }) {
    const { task, error, follow } = useFollowedTask();
    const [startError, setStartError] = useState(null);
    const running = task && !isDone(task.state);
    const result = task?.state === "succeeded" && task.result;
    const start = () => {
        setStartError(null);
        startRetentionSpace(name, plan.kind).then(follow, setStartError);
    };

    return (
        <span data-test="measure-space" data-state={task?.state || ""}>
            <ActionButton action={OPERATE} variant="link" isInline onClick={start} isDisabled={running || plan.delete === 0}
                          data-test="measure-space-start">
                {_("Measure exactly")}
            </ActionButton>
            {running && <TaskProgress task={task} />}
            {result &&
                <strong data-test="measure-space-result" data-bytes={result.freed_bytes}>
                    {" "}{cockpit.format(_("Exactly $0 freed by deleting $1 snapshots (measured on disk)."),
                                         bytes(result.freed_bytes), result.snapshots.length)}
                </strong>}
            {task?.state === "failed" && <span className="bams-muted"> {task.error}</span>}
            <ApiErrorAlert error={startError || error} />
        </span>
    );
}
