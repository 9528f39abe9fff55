// #/snaptasks: the periodic snapshot tasks, their schedule and next run,
// run now (followed live), create, edit and delete (which keeps the
// task's snapshots). #/snaptasks/<name>/plan is a task's pruning plan.
import { useState } from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteSnapTask, listSnapTasks, runSnapTask } from "../../api/snaptasks.js";
import { MANAGE, OPERATE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmDelete } from "../../components/ConfirmDelete.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { visible } from "../../visible.js";
import { SnapTaskForm } from "./SnapTaskForm.jsx";
import { SnapTaskPlanPage } from "./SnapTaskPlanPage.jsx";

function RunNow({ task }) {
    const { task: run, error: followError, follow } = useFollowedTask();
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const start = () => {
        setBusy(true);
        setError(null);
        runSnapTask(task.name).then(follow, setError)
                .finally(() => setBusy(false));
    };
    return (
        <>
            <ActionButton action={OPERATE} variant="secondary" size="sm" isLoading={busy} onClick={start}
                          data-test="snaptask-run">{_("Run now")}</ActionButton>
            {run &&
                <span data-test="snaptask-run-task" data-task-id={run.id} data-state={run.state}>
                    {" "}<TaskState task={run} /> <a href={`#/tasks/${run.id}`}>{_("Log")}</a>
                    {run.error && <div className="bams-log-error">{run.error}</div>}
                </span>}
            <ApiErrorAlert error={error || followError} />
        </>
    );
}

function SnapTaskList() {
    const { data, error, loading, reload } = useResource(listSnapTasks, []);
    const [editing, setEditing] = useState(null); // a task, or {} to create
    const [deleting, setDeleting] = useState(null);
    useReloadOn(["task-state"], reload); // a run ending changes last task and next run

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    return (
        <div data-test="snaptasks">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setEditing({})} data-test="snaptask-create">
                            {_("Create snapshot task")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error} />
            {data &&
                <Table variant="compact" aria-label={_("Snapshot tasks")} data-test="snaptasks-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Task")}</Th>
                            <Th>{_("Target")}</Th>
                            <Th>{_("Schedule")}</Th>
                            <Th>{_("Next run")}</Th>
                            <Th>{_("Last run")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.tasks.map(t =>
                            <Tr key={t.name} data-snaptask={t.name}>
                                <Td dataLabel={_("Task")}>
                                    <a href={`#/snaptasks/${encodeURIComponent(t.name)}/plan`} data-test="snaptask-plan-link">{t.name}</a>
                                    {!t.enabled && <> <Label isCompact color="grey">{_("disabled")}</Label></>}
                                </Td>
                                <Td dataLabel={_("Target")}>
                                    {t.kind === "zfs" ? _("ZFS") : _("btrfs")} <code>{visible(t.target)}</code>
                                    {t.recursive && <span className="bams-muted"> {_("recursive")}</span>}
                                </Td>
                                <Td dataLabel={_("Schedule")}><code>{t.cron}</code></Td>
                                <Td dataLabel={_("Next run")}>{t.next_run ? <Time value={t.next_run} timeZone={data.time_zone} /> : "-"}</Td>
                                <Td dataLabel={_("Last run")}>{t.last_task ? <a href={`#/tasks/${t.last_task}`}>{t.last_task}</a> : "-"}</Td>
                                <Td isActionCell>
                                    <RunNow task={t} />{" "}
                                    <ActionButton action={MANAGE} variant="secondary" size="sm" onClick={() => setEditing(t)}
                                                  data-test="snaptask-edit">{_("Edit")}</ActionButton>{" "}
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" onClick={() => setDeleting(t)}
                                                  data-test="snaptask-delete">{_("Delete")}</ActionButton>
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {editing &&
                <SnapTaskForm task={editing.name ? editing : null} onClose={() => setEditing(null)} onSaved={reload} />}
            {deleting &&
                <ConfirmDelete test="snaptask-delete-form" title={cockpit.format(_("Delete snapshot task $0?"), deleting.name)}
                               remove={() => deleteSnapTask(deleting.name)} onClose={() => setDeleting(null)}
                               onDeleted={() => { setDeleting(null); reload() }}>
                    <p>{cockpit.format(_("Its snapshots stay, owned by snaptask:$0; nothing prunes them any more."), deleting.name)}</p>
                </ConfirmDelete>}
        </div>
    );
}

export function SnapTasksPage({ path, options }) {
    if (path[0] && path[1] === "plan")
        return <SnapTaskPlanPage name={path[0]} options={options} />;
    return <PageSection><SnapTaskList /></PageSection>;
}
