// "Run now" for one job, and the run it started followed live: the task's
// state and progress bar move with the events stream, no reload. The
// task's result names the JobId as soon as the director queued it.
import { useEffect, useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Split, SplitItem } from "@patternfly/react-core/dist/esm/layouts/Split/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { runBaculaJob } from "../../api/baculaJobs.js";
import { OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";

const LEVELS = [
    ["", _("Job's level")],
    ["Full", _("Full")],
    ["Incremental", _("Incremental")],
    ["Differential", _("Differential")],
];

export function RunJob({ job, onEnded }) {
    const [level, setLevel] = useState("");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const { task, error: followError, follow } = useFollowedTask();
    const running = task && !isDone(task.state);
    const jobid = task?.result?.jobid;

    const ended = task && isDone(task.state);
    useEffect(() => {
        if (ended)
            onEnded?.();
    }, [ended, task?.id]);

    const run = () => {
        setBusy(true);
        setError(null);
        runBaculaJob(job, level).then(follow, setError).finally(() => setBusy(false));
    };

    return (
        <div data-test="run-job" data-job={job}>
            <Split hasGutter>
                <SplitItem>
                    <FormSelect aria-label={_("Level")} value={level} onChange={(_e, v) => setLevel(v)}
                                data-test="run-level">
                        {LEVELS.map(([v, label]) => <FormSelectOption key={v} value={v} label={label} />)}
                    </FormSelect>
                </SplitItem>
                <SplitItem>
                    <ActionButton action={OPERATE} onClick={run} isLoading={busy} isDisabled={busy || running}
                                  data-test="run-now">
                        {_("Run now")}
                    </ActionButton>
                </SplitItem>
            </Split>
            <ApiErrorAlert error={error || followError} />
            {task &&
                <div data-test="run-task" data-task-id={task.id} data-state={task.state} className="bams-run-task">
                    <p>
                        <TaskState task={task} />{" "}
                        {jobid &&
                            <a href={`#/bacula/history/${jobid}`} data-test="run-jobid">
                                {cockpit.format(_("JobId $0"), jobid)}
                            </a>}{" "}
                        <a href={`#/tasks/${task.id}`}>{_("Task log")}</a>
                    </p>
                    <TaskProgress task={task} />
                    {task.error && <p data-test="run-error">{task.error}</p>}
                </div>}
        </div>
    );
}
