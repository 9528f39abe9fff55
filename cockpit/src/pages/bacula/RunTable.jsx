// Runs (catalog jobs) as a table: each links to its detail with the log;
// a run still going can be cancelled from here.
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { bytes, duration } from "../../format.js";
import { Time } from "../../components/Time.jsx";
import { CancelRunButton } from "./CancelRunButton.jsx";
import { RunStatus } from "./RunStatus.jsx";

export function RunTable({ runs, label, onChanged, onError, compact }) {
    if (runs.length === 0)
        return <p className="bams-muted" data-test="runs-empty">{_("No runs.")}</p>;
    return (
        <Table variant="compact" aria-label={label} data-test="runs-table">
            <Thead>
                <Tr>
                    <Th>{_("JobId")}</Th>
                    <Th>{_("Job")}</Th>
                    <Th>{_("Status")}</Th>
                    {!compact && <Th>{_("Level")}</Th>}
                    {!compact && <Th>{_("Client")}</Th>}
                    <Th>{_("Started")}</Th>
                    {!compact && <Th>{_("Duration")}</Th>}
                    <Th>{_("Bytes")}</Th>
                    {!compact && <Th>{_("Files")}</Th>}
                    {onChanged && <Th screenReaderText={_("Actions")} />}
                </Tr>
            </Thead>
            <Tbody>
                {runs.map(r =>
                    <Tr key={r.jobid} data-jobid={r.jobid} data-job={r.name} data-status={r.status}>
                        <Td dataLabel={_("JobId")}><a href={`#/bacula/history/${r.jobid}`}>{r.jobid}</a></Td>
                        <Td dataLabel={_("Job")}><a href={`#/bacula/jobs/${encodeURIComponent(r.name)}`}>{r.name}</a></Td>
                        <Td dataLabel={_("Status")}>
                            <RunStatus status={r.status} title={r.status_text} />
                            {r.purged && <span className="bams-muted"> {_("(purged)")}</span>}
                        </Td>
                        {!compact && <Td dataLabel={_("Level")}>{r.level}</Td>}
                        {!compact && <Td dataLabel={_("Client")}>{r.client}</Td>}
                        <Td dataLabel={_("Started")}><Time value={r.started || r.scheduled} /></Td>
                        {!compact && <Td dataLabel={_("Duration")}>{r.duration_seconds ? duration(r.duration_seconds) : ""}</Td>}
                        <Td dataLabel={_("Bytes")}>{bytes(r.bytes)}</Td>
                        {!compact && <Td dataLabel={_("Files")}>{r.files}</Td>}
                        {onChanged &&
                            <Td isActionCell>
                                <CancelRunButton run={r} onCancelled={onChanged} onError={onError} />
                            </Td>}
                    </Tr>)}
            </Tbody>
        </Table>
    );
}
