// "Back up now" and the progress of the host's current (or just finished)
// run, moved by the events stream.
import { useState } from "react";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";

import { _ } from "../../cockpit.js";
import { startBackup } from "../../api/hosts.js";
import { OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";

export function BackupCard({ host, runs }) {
    const [followed, setFollowed] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const tasks = (runs.data || []).filter(t => t.kind === "backup");
    const current = tasks.find(t => t.id === followed) || tasks.find(t => !isDone(t.state));

    const start = () => {
        setBusy(true);
        setError(null);
        startBackup(host.name)
                .then(task => {
                    // the stream may have told us about this run already, and newer
                    runs.update(ts => (ts.some(t => t.id === task.id) ? ts : [task, ...ts]));
                    setFollowed(task.id);
                })
                .catch(e => {
                    setError(e);
                    if (e.taskId)
                        setFollowed(e.taskId); // already running: follow that run
                })
                .finally(() => setBusy(false));
    };

    return (
        <Card data-test="backup-card">
            <CardHeader actions={{
                actions: (
                    <ActionButton action={OPERATE} onClick={start} isLoading={busy}
                                  isDisabled={busy || !host.host_key || (current && !isDone(current.state))}
                                  data-test="backup-now">
                        {_("Back up now")}
                    </ActionButton>
                ),
            }}>
                <CardTitle>{_("Backup")}</CardTitle>
            </CardHeader>
            <CardBody>
                <ApiErrorAlert error={error} />
                {!host.host_key &&
                    <p className="bams-muted" data-test="backup-needs-key">
                        {_("Backups start once the host's SSH key is accepted (see Connection).")}
                    </p>}
                {current &&
                    <div data-test="backup-run" data-task-id={current.id} data-state={current.state}>
                        <p>
                            <TaskState task={current} />{" "}
                            <Time value={current.started || current.created} />{" "}
                            <a href={`#/tasks/${current.id}`}>{_("Log")}</a>
                        </p>
                        <TaskProgress task={current} />
                        {current.error && <p data-test="backup-error">{current.error}</p>}
                    </div>}
                {!current && host.host_key &&
                    <p className="bams-muted">{_("No backup is running.")}</p>}
            </CardBody>
        </Card>
    );
}
