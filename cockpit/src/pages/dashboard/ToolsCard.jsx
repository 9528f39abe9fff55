// The external tools BAMS shells out to, as the last self-check found them,
// and the button that runs a new self-check (a task, needs org.bams.operate).
import { useState } from "react";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { startSelfcheck } from "../../api/system.js";
import { OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";

function ToolStatus({ tool }) {
    if (!tool.installed)
        return <Label color="orange">{cockpit.format(_("$0 is not installed"), tool.name)}</Label>;
    if (tool.error)
        return <Label color="red" title={tool.error}>{_("Installed, but the version query failed")}</Label>;
    return <Label color="green">{_("Installed")}</Label>;
}

function lastChecked(tools) {
    const times = tools.map(t => t.checked).filter(t => t && !t.startsWith("0001-")).sort();
    return times[times.length - 1];
}

export function ToolsCard({ tools }) {
    const [started, setStarted] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const run = () => {
        setBusy(true);
        setError(null);
        startSelfcheck()
            .then(task => setStarted(task))
            .catch(setError)
            .finally(() => setBusy(false));
    };

    const checked = lastChecked(tools);
    const selfcheck = (
        <ActionButton action={OPERATE} variant="secondary" onClick={run} isLoading={busy} isDisabled={busy}
                      data-test="selfcheck">
            {_("Run self-check")}
        </ActionButton>
    );
    return (
        <Card data-test="tools-card">
            <CardHeader actions={{ actions: selfcheck, hasNoOffset: false }}>
                <CardTitle>{_("Tools")}</CardTitle>
            </CardHeader>
            <CardBody>
                <ApiErrorAlert error={error} />
                {started &&
                    <p data-test="selfcheck-started">
                        {_("Self-check started:")} <a href={`#/tasks/${started.id}`}>{_("follow the task")}</a>
                    </p>}
                <p className="bams-muted" data-test="tools-checked">
                    {checked
                        ? <>{_("Last checked")} <Time value={checked} /></>
                        : _("Never checked: run a self-check to see which tools are installed.")}
                </p>
                {tools.length > 0 &&
                    <Table variant="compact" aria-label={_("Tools")}>
                        <Thead>
                            <Tr>
                                <Th>{_("Tool")}</Th>
                                <Th>{_("Status")}</Th>
                                <Th>{_("Version")}</Th>
                            </Tr>
                        </Thead>
                        <Tbody>
                            {tools.map(t =>
                                <Tr key={t.name} data-tool={t.name} data-installed={t.installed ? "1" : "0"}>
                                    <Td dataLabel={_("Tool")} title={t.path || undefined}>{t.name}</Td>
                                    <Td dataLabel={_("Status")}><ToolStatus tool={t} /></Td>
                                    <Td dataLabel={_("Version")} data-test="tool-version">{t.version}</Td>
                                </Tr>)}
                        </Tbody>
                    </Table>}
            </CardBody>
        </Card>
    );
}
