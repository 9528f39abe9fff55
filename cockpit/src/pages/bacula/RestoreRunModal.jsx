// Restores every file of a successful backup, to its own client or another,
// under a folder there (files keep their full paths). Starts a task and
// follows it here.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { restoreBaculaRun } from "../../api/baculaJobs.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
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

    const start = ev => {
        ev.preventDefault();
        setBusy(true);
        setError(null);
        setProblems({});
        restoreBaculaRun(run.jobid, { where, client: client === run.client ? "" : client })
                .then(follow, e => (e.field ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    const problem = id => problems[id] &&
        <FormHelperText>
            <HelperText><HelperTextItem variant="error" data-test={`restore-problem-${id}`}>{problems[id]}</HelperTextItem></HelperText>
        </FormHelperText>;

    return (
        <Modal isOpen onClose={onClose} variant="small" aria-labelledby="run-restore-title" data-test="run-restore-modal">
            <ModalHeader labelId="run-restore-title" title={cockpit.format(_("Restore JobId $0"), run.jobid)} />
            <ModalBody>
                <Form id="run-restore-form" onSubmit={start}>
                    <FormGroup label={_("Client")} fieldId="restore-client">
                        <TextInput id="restore-client" value={client} onChange={(_e, v) => setClient(v)}
                                   validated={problems.client ? "error" : "default"} />
                        {problem("client")}
                    </FormGroup>
                    <FormGroup label={_("Under the folder")} fieldId="restore-where" isRequired>
                        <TextInput id="restore-where" value={where} onChange={(_e, v) => setWhere(v)}
                                   validated={problems.where ? "error" : "default"} data-test="restore-where" />
                        {problem("where")}
                    </FormGroup>
                    <ApiErrorAlert error={error || followError} />
                    {task &&
                        <div data-test="restore-task" data-state={task.state}>
                            <TaskState task={task} /> <TaskProgress task={task} />
                        </div>}
                </Form>
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="run-restore-form" isLoading={busy} isDisabled={busy || !!task}
                        data-test="restore-start">
                    {_("Restore")}
                </Button>
                <Button variant="link" onClick={onClose}>{task ? _("Close") : _("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
