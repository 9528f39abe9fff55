// Restore from a snapshot: the fields, then a dry run that lists what would
// change, and only then (for exactly the request the dry run checked) the
// real restore, with its live progress. Both are restore tasks followed
// through the events stream; closing the dialog leaves a running one
// running (it stays in the host's runs).
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { startRestore } from "../../api/hosts.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { RestoreChanges } from "./RestoreChanges.jsx";
import { RestoreForm } from "./RestoreForm.jsx";
import { initialFields, problems, restoreRequest, sameRequest } from "./restoreRequest.js";

const HINTS = { to: _("Folders that do not exist yet are made (mode 0700 on the appliance).") };

function TaskPanel({ task, dry }) {
    return (
        <div data-test="restore-task" data-task-id={task.id} data-state={task.state} data-dry-run={dry ? "1" : "0"}>
            <p>
                <strong>{dry ? _("Dry run") : _("Restore")}</strong>{" "}
                <TaskState task={task} /> <a href={`#/tasks/${task.id}`}>{_("Log")}</a>
            </p>
            {!dry && <TaskProgress task={task} />}
            {task.error && <p className="bams-log-error" data-test="restore-task-error">{task.error}</p>}
            {task.result && <RestoreChanges result={task.result} />}
        </div>
    );
}

export function RestoreModal({ host, snap, selected, onClose }) {
    const [fields, setFields] = useState(() => initialFields(selected));
    const [apiError, setApiError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [checked, setChecked] = useState(null); // the request the last dry run was asked for
    const [dry, setDry] = useState(false); // whether the followed task is a dry run
    const run = useFollowedTask();

    const request = dryRun => restoreRequest(snap, selected, fields, dryRun);
    const local = problems(fields);
    const errors = { ...local, ...(apiError?.field ? { [apiError.field]: apiError.message } : {}) };
    const running = run.task && !isDone(run.task.state);
    const dryRunOk = dry && run.task?.state === "succeeded" && sameRequest(checked, request(false));
    const restored = !dry && run.task?.state === "succeeded";

    const change = next => {
        setFields(next);
        setApiError(null);
    };

    const start = dryRun => {
        const req = request(dryRun);
        setBusy(true);
        setApiError(null);
        startRestore(host, req)
                .then(task => {
                    setDry(dryRun);
                    run.follow(task);
                    if (dryRun)
                        setChecked(req);
                }, setApiError)
                .finally(() => setBusy(false));
    };

    const hasProblems = Object.keys(local).length > 0;
    return (
        <FormModal id="restore" test="restore-modal" variant="large"
                   title={cockpit.format(_("Restore from $0 of $1"), snap, host)}
                   description={_("First a dry run lists what would change; then restore exactly that.")}
                   error={apiError && !apiError.field ? apiError : null} onClose={onClose}
                   actions={<>
                       <Button variant={dryRunOk ? "secondary" : "primary"} onClick={() => start(true)} data-test="restore-dry-run"
                               isLoading={busy && !dryRunOk} isDisabled={busy || running || hasProblems}>
                           {_("Dry run")}
                       </Button>
                       <Button variant={fields.del ? "danger" : "primary"} onClick={() => start(false)} data-test="restore-run"
                               isLoading={busy && dryRunOk} isDisabled={busy || running || !dryRunOk}>
                           {_("Restore")}
                       </Button>
                   </>}
                   closeLabel={restored ? _("Close") : _("Cancel")} closeTest="restore-close"
                   footnote={!dryRunOk && !running && !restored &&
                       <span className="bams-muted" data-test="restore-needs-dry-run">
                           {_("Restore is offered after a dry run of these exact settings.")}
                       </span>}>
            <RestoreForm host={host} selected={selected} fields={fields} onChange={change} errors={errors}
                         hints={HINTS} disabled={busy || running} />
            <ApiErrorAlert error={run.error} />
            {run.task && <TaskPanel task={run.task} dry={dry} />}
        </FormModal>
    );
}
