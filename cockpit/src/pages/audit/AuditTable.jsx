// Audit records as rows; shared by the Audit page and the dashboard card.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { Time } from "../../components/Time.jsx";

const RESULT_COLOR = { ok: "green", denied: "orange", error: "red" };

export function AuditTable({ records, compact = false }) {
    return (
        <Table variant="compact" aria-label={_("Audit records")} data-test="audit-table">
            <Thead>
                <Tr>
                    <Th>{_("Time")}</Th>
                    <Th>{_("User")}</Th>
                    <Th>{_("Request")}</Th>
                    {!compact && <Th>{_("Action")}</Th>}
                    <Th>{_("Result")}</Th>
                    {!compact && <Th>{_("Duration")}</Th>}
                </Tr>
            </Thead>
            <Tbody>
                {records.map(r =>
                    <Tr key={r.seq} data-audit-seq={r.seq} data-user={r.user} data-method={r.method}
                        data-path={r.path} data-result={r.result}>
                        <Td dataLabel={_("Time")}><Time value={r.time} /></Td>
                        <Td dataLabel={_("User")} title={`uid ${r.uid}, pid ${r.pid}`}>{r.user}</Td>
                        <Td dataLabel={_("Request")}><code>{r.method} {r.path}</code></Td>
                        {!compact && <Td dataLabel={_("Action")}>{r.action}</Td>}
                        <Td dataLabel={_("Result")}>
                            <Label color={RESULT_COLOR[r.result] || "grey"} title={r.error || undefined}>
                                {r.result} {r.status}
                            </Label>
                        </Td>
                        {!compact && <Td dataLabel={_("Duration")}>{`${r.duration_ms.toFixed(1)} ms`}</Td>}
                    </Tr>)}
            </Tbody>
        </Table>
    );
}
