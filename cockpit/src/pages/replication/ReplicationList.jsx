// The replication tasks, one row each, and the create dialog.
import { useState } from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listReplications } from "../../api/replication.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { go } from "../../location.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { visible } from "../../visible.js";
import { ReplicationForm } from "./ReplicationForm.jsx";
import { STATE_LOOK, lagText, runError, runResult, targetText } from "./replicationText.js";

export function StateLabel({ task }) {
    const look = STATE_LOOK[task.state] || { color: "grey", text: task.state };
    return <Label color={look.color} isCompact data-test="replication-state" data-state={task.state}>{look.text}</Label>;
}

export function ReplicationList() {
    const { data, error, loading, reload } = useResource(listReplications, []);
    const [creating, setCreating] = useState(false);
    useReloadOn(["task-state"], reload); // a run starting or ending

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    return (
        <div data-test="replications">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="replication-create">
                            {_("Create replication")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error} />
            {data && data.replications.length === 0 &&
                <p className="bams-muted" data-test="replications-empty">
                    {_("No replication yet: create one to send a ZFS dataset or a btrfs subvolume to another machine.")}
                </p>}
            {data && data.replications.length > 0 &&
                <Table variant="compact" aria-label={_("Replications")} data-test="replications-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Name")}</Th>
                            <Th>{_("Kind")}</Th>
                            <Th modifier="wrap">{_("Source")}</Th>
                            <Th modifier="wrap">{_("Target")}</Th>
                            <Th>{_("State")}</Th>
                            <Th>{_("Lag")}</Th>
                            <Th>{_("Last run")}</Th>
                            <Th>{_("Sent")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.replications.map(t =>
                            <Tr key={t.name} data-replication={t.name} isClickable onRowClick={() => go(["replication", t.name])}>
                                <Td dataLabel={_("Name")}><a href={`#/replication/${encodeURIComponent(t.name)}`}>{t.name}</a></Td>
                                <Td dataLabel={_("Kind")}>{t.kind}</Td>
                                <Td dataLabel={_("Source")}>{visible(t.source)}</Td>
                                <Td dataLabel={_("Target")}>{targetText(t)}</Td>
                                <Td dataLabel={_("State")}><StateLabel task={t} /></Td>
                                <Td dataLabel={_("Lag")} data-test="replication-lag">{lagText(t)}</Td>
                                <Td dataLabel={_("Last run")} data-test="replication-last-run" title={runError(t.last_run)}>
                                    {runResult(t.last_run)} <Time value={t.last_run?.finished} />
                                </Td>
                                <Td dataLabel={_("Sent")}>{bytes(t.bytes_sent || 0)}</Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {creating &&
                <ReplicationForm onClose={() => setCreating(false)}
                                 onSaved={t => { setCreating(false); go(["replication", t.name]) }} />}
        </div>
    );
}
