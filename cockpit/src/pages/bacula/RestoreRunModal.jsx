// Restores every file of a successful backup, to its own client or another,
// under a folder there (files keep their full paths). Starts a task and
// follows it here.
import { useState } from "react";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { restoreBaculaRun } from "../../api/baculaJobs.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";

export function RestoreRunModal({ run, onClose }) {
    const [where, setWhere] = useState("/tmp/bacula-restores");
    const [client, setClient] = useState(run.client || "");
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const { task, error: followError, follow } = useFollowedTask();

    const start = () => {
        setBusy(true);
        setError(null);
        setProblems({});
        restoreBaculaRun(run.jobid, { where, client: client === run.client ? "" : client })
                .then(follow, e => (e.field ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="run-restore-form" test="run-restore-modal" title={cockpit.format(_("Restore JobId $0"), run.jobid)}
                   onSubmit={start} busy={busy} canSubmit={!task} error={error || followError} onClose={onClose}
                   submit={_("Restore")} submitTest="restore-start" closeLabel={task ? _("Close") : _("Cancel")}>
            <FormField form="restore" id="client" label={_("Client")} problem={problems.client}>
                <TextInput id="restore-client" value={client} onChange={(_e, v) => setClient(v)}
                           validated={problems.client ? "error" : "default"} />
            </FormField>
            <FormField form="restore" id="where" label={_("Under the folder")} problem={problems.where} isRequired>
                <TextInput id="restore-where" value={where} onChange={(_e, v) => setWhere(v)}
                           validated={problems.where ? "error" : "default"} data-test="restore-where" />
            </FormField>
            {task &&
                <div data-test="restore-task" data-state={task.state}>
                    <TaskState task={task} /> <TaskProgress task={task} />
                </div>}
        </FormModal>
    );
}
