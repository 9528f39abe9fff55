// Every host with the state and age of its last backup, the size of its
// newest complete snapshot and a live progress bar while a backup runs.
// Backup tasks starting or ending reload the list; progress moves in place.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listHosts, listSchedules } from "../../api/hosts.js";
import { go } from "../../location.js";
import { age, bytes } from "../../format.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { MANAGE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { Time } from "../../components/Time.jsx";
import { DefaultPolicyModal } from "../retention/DefaultPolicyModal.jsx";
import { SnapshotState } from "../../components/SnapshotState.jsx";
import { HostForm } from "./HostForm.jsx";

function LastBackup({ host, progress }) {
    if (host.running_task)
        return <TaskProgress task={{ state: "running", progress: progress[host.running_task] }} />;
    if (!host.last_backup)
        return <span className="bams-muted">{_("Never")}</span>;
    const b = host.last_backup;
    return (
        <>
            <SnapshotState snapshot={b} />{" "}
            <span title={b.finished || b.started}>{age(b.finished || b.started)}</span>
        </>
    );
}

// Hosts with their schedules' next run, by host name.
const loadHosts = () => Promise.all([listHosts(), listSchedules()]).then(([h, s]) => ({
    hosts: h.hosts,
    next: Object.fromEntries(s.schedules.filter(sc => sc.enabled).map(sc => [sc.host, sc.next_run])),
}));

export function HostList() {
    const { data, error, loading, reload } = useResource(loadHosts, []);
    const [progress, setProgress] = useState({});
    const [adding, setAdding] = useState(false);
    const [defaultPolicy, setDefaultPolicy] = useState(false);

    useReloadOn(["task-state"], reload);
    useEvents(event => {
        if (event.type === "task-progress" && event.task?.kind !== "selfcheck")
            setProgress(p => ({ ...p, [event.task.id]: event.task.progress }));
    });

    return (
        <PageSection data-test="hosts-page">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} variant="primary" onClick={() => setAdding(true)}
                                      data-test="host-add">
                            {_("Add host")}
                        </ActionButton>
                    </ToolbarItem>
                    <ToolbarItem>
                        <Button variant="link" onClick={() => setDefaultPolicy(true)} data-test="default-policy-open">
                            {_("Default retention policy")}
                        </Button>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {defaultPolicy && <DefaultPolicyModal onClose={() => setDefaultPolicy(false)} />}
            {adding &&
                <HostForm onClose={() => setAdding(false)}
                          onSaved={host => go(["hosts", host.name])} />}
            <ApiErrorAlert error={error} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && data.hosts.length === 0 &&
                <p className="bams-muted" data-test="hosts-empty">{_("No hosts yet.")}</p>}
            {data && data.hosts.length > 0 &&
                <Table variant="compact" aria-label={_("Hosts")} data-test="hosts-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Host")}</Th>
                            <Th>{_("Address")}</Th>
                            <Th width={30}>{_("Last backup")}</Th>
                            <Th>{_("Last success")}</Th>
                            <Th>{_("Size")}</Th>
                            <Th>{_("Snapshots")}</Th>
                            <Th>{_("Next run")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.hosts.map(h =>
                            <Tr key={h.name} data-host={h.name} data-running={h.running_task ? "1" : undefined}
                                data-last-state={h.last_backup?.state}>
                                <Td dataLabel={_("Host")}>
                                    <a href={`#/hosts/${h.name}`}>{h.name}</a>
                                    {!h.enabled && <span className="bams-muted"> {_("(disabled)")}</span>}
                                </Td>
                                <Td dataLabel={_("Address")}>{h.user}@{h.address}{h.port !== 22 ? `:${h.port}` : ""}</Td>
                                <Td dataLabel={_("Last backup")}><LastBackup host={h} progress={progress} /></Td>
                                <Td dataLabel={_("Last success")}>
                                    <Time value={h.last_success?.finished} />
                                </Td>
                                <Td dataLabel={_("Size")} data-test="host-size">{bytes(h.last_success?.total_bytes)}</Td>
                                <Td dataLabel={_("Snapshots")}>{h.snapshots}</Td>
                                <Td dataLabel={_("Next run")} data-test="host-next-run">
                                    {data.next[h.name] && h.enabled
                                        ? <Time value={data.next[h.name]} />
                                        : <span className="bams-muted">{_("Not scheduled")}</span>}
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
        </PageSection>
    );
}
