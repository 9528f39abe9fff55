// Alerts as rows: level, what it is about, what it says, its state (who
// acknowledged it, when it cleared) and the Acknowledge button.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { OPERATE } from "../../permissions.js";
import { visible } from "../../visible.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { Time } from "../../components/Time.jsx";

const LEVEL_COLOR = { info: "blue", warning: "orange", error: "red", critical: "red" };

function State({ alert }) {
    if (alert.state === "acknowledged")
        return <span title={alert.acknowledged?.time}>{cockpit.format(_("acknowledged by $0"), visible(alert.acknowledged?.by?.user))}</span>;
    if (alert.state === "cleared")
        return <span>{_("cleared")} <Time value={alert.cleared} /></span>;
    return <span>{_("active")}</span>;
}

export function AlertTable({ alerts, onAcknowledge, busy }) {
    return (
        <Table variant="compact" aria-label={_("Alerts")} data-test="alerts-table">
            <Thead>
                <Tr>
                    <Th>{_("Level")}</Th>
                    <Th>{_("Subject")}</Th>
                    <Th>{_("Alert")}</Th>
                    <Th>{_("Raised")}</Th>
                    <Th>{_("State")}</Th>
                    <Th screenReaderText={_("Actions")} />
                </Tr>
            </Thead>
            <Tbody>
                {alerts.map(a =>
                    <Tr key={a.id} data-alert-id={a.id} data-class={a.class} data-state={a.state} data-level={a.level}>
                        <Td dataLabel={_("Level")}>
                            <Label color={LEVEL_COLOR[a.level] || "grey"} variant={a.level === "critical" ? "filled" : "outline"}>
                                {a.level}
                            </Label>
                        </Td>
                        <Td dataLabel={_("Subject")}><code>{visible(a.subject)}</code></Td>
                        <Td dataLabel={_("Alert")} title={`${a.source}: ${a.class}`}>{visible(a.text)}</Td>
                        <Td dataLabel={_("Raised")}><Time value={a.raised} /></Td>
                        <Td dataLabel={_("State")}><State alert={a} /></Td>
                        <Td dataLabel={_("Actions")} isActionCell>
                            {a.state === "active" &&
                                <ActionButton action={OPERATE} variant="secondary" size="sm" isLoading={busy === a.id}
                                              onClick={() => onAcknowledge(a.id)} data-test="alert-ack">
                                    {_("Acknowledge")}
                                </ActionButton>}
                        </Td>
                    </Tr>)}
            </Tbody>
        </Table>
    );
}
