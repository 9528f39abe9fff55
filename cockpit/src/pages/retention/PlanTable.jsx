// A plan's verdict on every snapshot, newest first, with every reason;
// snapshots to delete are highlighted with the space they would free.
// named adds a column with each snapshot's name, where it is not its time
// (a snapshot task's names follow its naming template).
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { bytes } from "../../format.js";
import { Time } from "../../components/Time.jsx";
import { visible } from "../../visible.js";
import { KINDS, SnapshotState } from "../../components/SnapshotState.jsx";

export function PlanTable({ plan, named = false }) {
    return (
        <Table variant="compact" aria-label={_("Retention plan")} data-test="plan-table">
            <Thead>
                <Tr>
                    {named && <Th>{_("Snapshot")}</Th>}
                    <Th>{_("Taken")}</Th>
                    <Th>{_("Kind")}</Th>
                    <Th>{_("State")}</Th>
                    <Th>{_("Decision")}</Th>
                    <Th>{_("Frees (estimate)")}</Th>
                    <Th>{_("Reasons")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {plan.snapshots.map(s => {
                    const deleted = s.action === "delete";
                    return (
                        <Tr key={s.name} data-snapshot={s.name} data-action={s.action}
                            className={deleted ? "bams-plan-delete" : undefined}>
                            {named && <Td dataLabel={_("Snapshot")}><code>{visible(s.name)}</code></Td>}
                            <Td dataLabel={_("Taken")} modifier="nowrap">
                                <Time value={s.time} timeZone={plan.time_zone} />
                                {s.base && <div className="bams-muted">{_("base")} <code>{s.base}</code></div>}
                            </Td>
                            <Td dataLabel={_("Kind")}>{KINDS[s.kind] || s.kind}</Td>
                            <Td dataLabel={_("State")}><SnapshotState snapshot={s} /></Td>
                            <Td dataLabel={_("Decision")}>
                                <Label color={deleted ? "red" : "green"} data-test="plan-action">
                                    {deleted ? _("Delete") : _("Keep")}
                                </Label>
                            </Td>
                            <Td dataLabel={_("Frees (estimate)")}>{deleted ? bytes(s.new_bytes) : ""}</Td>
                            <Td dataLabel={_("Reasons")} data-test="plan-reasons">
                                {s.reasons.map(r => <div key={r}>{r}</div>)}
                            </Td>
                        </Tr>
                    );
                })}
            </Tbody>
        </Table>
    );
}
