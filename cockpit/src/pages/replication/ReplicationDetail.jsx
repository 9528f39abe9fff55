// One replication task: its settings, its target's host key (test, then
// accept the fingerprint shown), "Run now" with the live progress of the
// running run (cancel), and its recent runs.
import { useEffect, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { acceptReplicationKey, deleteReplication, getReplication, runReplication, testReplication } from "../../api/replication.js";
import { cancelTask, getTask } from "../../api/system.js";
import { bytes } from "../../format.js";
import { MANAGE, OPERATE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { go } from "../../location.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmDelete } from "../../components/ConfirmDelete.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { visible } from "../../visible.js";
import { ReplicationForm } from "./ReplicationForm.jsx";
import { StateLabel } from "./ReplicationList.jsx";
import { lagText, runError, runResult, targetText } from "./replicationText.js";

function Row({ term, children, test }) {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription data-test={test}>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

function TargetKeyCard({ task, onChanged }) {
    const [scan, setScan] = useState(null);
    const [busy, setBusy] = useState(null);
    const [error, setError] = useState(null);
    const test = () => {
        setBusy("test");
        setError(null);
        return testReplication(task.name).then(setScan, setError).finally(() => setBusy(null));
    };
    const accept = fp => {
        setBusy(fp);
        setError(null);
        acceptReplicationKey(task.name, fp).then(t => { onChanged(t); return test() }).catch(setError).finally(() => setBusy(null));
    };
    return (
        <Card data-test="replication-key-card">
            <CardHeader actions={{
                actions: <ActionButton action={OPERATE} variant="secondary" onClick={test} isLoading={busy === "test"}
                                       isDisabled={!!busy} data-test="replication-test">{_("Test connection")}</ActionButton>,
            }}>
                <CardTitle>{_("Target connection")}</CardTitle>
            </CardHeader>
            <CardBody>
                <p>{_("Install bamsd's public key (bamsctl ssh-key, or any host's Connection card) for the target's SSH user.")}</p>
                <p data-test="replication-host-key">
                    {_("Accepted host key:")} {task.host_key ? <code>{task.host_key}</code> : <em>{_("none yet: test the connection")}</em>}
                </p>
                <ApiErrorAlert error={error} />
                {scan?.error && <Alert variant="danger" isInline title={visible(scan.error)} />}
                {scan && !scan.error &&
                    <Alert variant={scan.login === "ok" ? "success" : "info"} isInline data-test="replication-login"
                           title={cockpit.format(_("Login: $0"), visible(scan.login))} />}
                {scan?.keys?.map(k =>
                    <p key={k.fingerprint} data-fingerprint={k.fingerprint}>
                        {k.type} <code>{k.fingerprint}</code>{" "}
                        {k.fingerprint === task.host_key
                            ? <em>{_("accepted")}</em>
                            : <ActionButton action={MANAGE} variant="secondary" size="sm" onClick={() => accept(k.fingerprint)}
                                            isLoading={busy === k.fingerprint} isDisabled={!!busy} data-test="replication-key-accept">
                                {_("Accept this key")}
                            </ActionButton>}
                    </p>)}
            </CardBody>
        </Card>
    );
}

function RunCard({ task, reload }) {
    const followed = useFollowedTask();
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    // a run going on when the page opens (the scheduler's, another admin's) is followed too
    useEffect(() => {
        if (task.running_task && followed.task?.id !== task.running_task)
            getTask(task.running_task).then(followed.follow, setError);
    }, [task.running_task]);
    const current = followed.task;
    const start = () => {
        setBusy(true);
        setError(null);
        runReplication(task.name)
                .then(t => { followed.follow(t); reload() })
                .catch(e => {
                    setError(e);
                    if (e.taskId)
                        getTask(e.taskId).then(followed.follow);
                })
                .finally(() => setBusy(false));
    };
    const running = current && !isDone(current.state);
    return (
        <Card data-test="replication-run-card">
            <CardHeader actions={{
                actions: (
                    <>
                        {running &&
                            <ActionButton action={OPERATE} variant="secondary" onClick={() => cancelTask(current.id).catch(setError)}
                                          data-test="replication-cancel">{_("Cancel")}</ActionButton>}{" "}
                        <ActionButton action={OPERATE} onClick={start} isLoading={busy} isDisabled={busy || running || !task.host_key}
                                      data-test="replication-run">{_("Run now")}</ActionButton>
                    </>
                ),
            }}>
                <CardTitle>{_("Run")}</CardTitle>
            </CardHeader>
            <CardBody>
                <ApiErrorAlert error={error || followed.error} />
                {!task.host_key && <p className="bams-muted">{_("Runs start once the target's host key is accepted.")}</p>}
                {current &&
                    <div data-test="replication-current" data-task-id={current.id} data-state={current.state}>
                        <p>
                            <TaskState task={current} /> <Time value={current.started || current.created} />{" "}
                            <a href={`#/tasks/${current.id}`}>{_("Log")}</a>
                        </p>
                        <TaskProgress task={current} />
                        {current.error && <p data-test="replication-run-error">{visible(current.error)}</p>}
                    </div>}
                {!current && task.host_key && <p className="bams-muted">{_("No run is going on.")}</p>}
            </CardBody>
        </Card>
    );
}

function History({ runs }) {
    if (!runs?.length)
        return <p className="bams-muted">{_("No runs yet.")}</p>;
    return (
        <Table variant="compact" aria-label={_("Recent runs")} data-test="replication-history">
            <Thead>
                <Tr>
                    <Th>{_("Started")}</Th>
                    <Th>{_("Result")}</Th>
                    <Th modifier="wrap">{_("Snapshot")}</Th>
                    <Th modifier="wrap">{_("From")}</Th>
                    <Th>{_("Sent")}</Th>
                    <Th>{_("Pruned")}</Th>
                    <Th modifier="wrap">{_("Error")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {runs.map(r =>
                    <Tr key={r.task_id} data-result={r.result}>
                        <Td dataLabel={_("Started")}><a href={`#/tasks/${r.task_id}`}><Time value={r.started} /></a></Td>
                        <Td dataLabel={_("Result")}>{runResult(r)}</Td>
                        <Td dataLabel={_("Snapshot")}>{visible(r.snapshot || "-")}</Td>
                        <Td dataLabel={_("From")}>{visible(r.parent || _("full"))}</Td>
                        <Td dataLabel={_("Sent")}>{bytes(r.bytes || 0)}</Td>
                        <Td dataLabel={_("Pruned")}>{(r.pruned || []).length}</Td>
                        <Td dataLabel={_("Error")}>{runError(r) || "-"}</Td>
                    </Tr>)}
            </Tbody>
        </Table>
    );
}

export function ReplicationDetail({ name }) {
    const { data: task, error, loading, reload, update } = useResource(() => getReplication(name), [name]);
    const [editing, setEditing] = useState(false);
    const [deleting, setDeleting] = useState(false);
    useReloadOn(["task-state"], reload);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!task)
        return <ApiErrorAlert error={error} />;
    return (
        <div data-test="replication-detail" data-name={task.name}>
            <p><a href="#/replication">{_("Replication")}</a> / {task.name}</p>
            <ApiErrorAlert error={error} />
            {task.last_run?.error_kind === "no-common" &&
                <Alert variant="danger" isInline data-test="replication-no-common"
                       title={_("The target shares no snapshot with the source. BAMS never destroys or rolls back a target: point the task at a new target dataset, or make room on the target yourself.")} />}
            <Card data-test="replication-settings">
                <CardHeader actions={{
                    actions: (
                        <>
                            <ActionButton action={MANAGE} variant="secondary" onClick={() => setEditing(true)} data-test="replication-edit">
                                {_("Edit")}
                            </ActionButton>{" "}
                            <ActionButton action={MANAGE} variant="secondary" isDanger onClick={() => setDeleting(true)} data-test="replication-delete">
                                {_("Delete")}
                            </ActionButton>
                        </>
                    ),
                }}>
                    <CardTitle>{task.name} <StateLabel task={task} /></CardTitle>
                </CardHeader>
                <CardBody>
                    <DescriptionList isHorizontal isCompact>
                        <Row term={_("Kind")}>{task.kind}</Row>
                        <Row term={_("Source")}>{visible(task.source)}{task.recursive ? " " + _("(recursive)") : ""}</Row>
                        <Row term={_("Target")}>{targetText(task)}</Row>
                        <Row term={_("Schedule")}>{task.cron || _("only when run")}{task.next_run && <> · {_("next")} <Time value={task.next_run} /></>}</Row>
                        <Row term={_("Lag")} test="replication-detail-lag">{lagText(task)}</Row>
                        <Row term={_("Newest common snapshot")}>{visible(task.common_snapshot || "-")} <Time value={task.common_snapshot_time} /></Row>
                        <Row term={_("Sent")}>{bytes(task.bytes_sent || 0)}</Row>
                        <Row term={_("Keep")}>{cockpit.format(_("$0 on the target, $1 on the source (0: all)"), task.keep_target || 0, task.keep_source || 0)}</Row>
                        <Row term={_("Bandwidth limit")}>{task.bandwidth_limit ? `${bytes(task.bandwidth_limit)}/s` : _("none")}</Row>
                    </DescriptionList>
                </CardBody>
            </Card>
            <TargetKeyCard task={task} onChanged={t => update(() => t)} />
            <RunCard task={task} reload={reload} />
            <Card>
                <CardHeader><CardTitle>{_("Recent runs")}</CardTitle></CardHeader>
                <CardBody><History runs={task.history} /></CardBody>
            </Card>
            {editing &&
                <ReplicationForm task={task} onClose={() => setEditing(false)}
                                 onSaved={t => { setEditing(false); update(() => t) }} />}
            {deleting &&
                <ConfirmDelete title={cockpit.format(_("Delete replication $0?"), task.name)} test="replication-delete-modal"
                               remove={() => deleteReplication(task.name)} onClose={() => setDeleting(false)}
                               onDeleted={() => go(["replication"])}>
                    <p>{_("The task is forgotten; its snapshots and holds stay on both machines.")}</p>
                </ConfirmDelete>}
        </div>
    );
}
