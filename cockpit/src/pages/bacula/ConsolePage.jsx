// #/bacula/console: one read-only bconsole command at a time (org.bams.console).
// The allowed commands are listed; a refused one shows the API's rule at
// the field, and what was run stays below, newest first.
import { useEffect, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Split, SplitItem } from "@patternfly/react-core/dist/esm/layouts/Split/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { runBaculaConsole } from "../../api/baculaJobs.js";
import { CONSOLE, deniedReason } from "../../permissions.js";
import { markReady } from "../../hooks.js";
import { useSession } from "../../session.jsx";
import { ActionButton } from "../../components/ActionButton.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { ALLOWED, REFUSED } from "./consoleRules.js";
import { visibleText } from "../../visible.js";

const KEEP = 10;

function Rules({ onPick }) {
    return (
        <Card isCompact data-test="console-rules">
            <CardTitle>{_("Allowed commands")}</CardTitle>
            <CardBody>
                <Table variant="compact" aria-label={_("Allowed commands")}>
                    <Thead><Tr><Th>{_("Command")}</Th><Th>{_("Of")}</Th><Th>{_("Example")}</Th></Tr></Thead>
                    <Tbody>
                        {ALLOWED.map(r =>
                            <Tr key={r.verb}>
                                <Td><code>{r.verb}</code></Td>
                                <Td>{r.what}</Td>
                                <Td><Button variant="link" isInline onClick={() => onPick(r.example)}>{r.example}</Button></Td>
                            </Tr>)}
                    </Tbody>
                </Table>
                <p className="bams-muted">{REFUSED}</p>
            </CardBody>
        </Card>
    );
}

export function ConsolePage() {
    const { can } = useSession();
    const allowed = can(CONSOLE);
    const [command, setCommand] = useState("");
    const [refusal, setRefusal] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [outputs, setOutputs] = useState([]);
    useEffect(markReady, []);

    const run = ev => {
        ev.preventDefault();
        setBusy(true);
        setRefusal(null);
        setError(null);
        runBaculaConsole(command.trim())
                .then(reply => setOutputs(o => [reply, ...o].slice(0, KEEP)))
                .catch(e => (e.field === "command" ? setRefusal(e.message) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <div data-test="bacula-console">
            <Form onSubmit={run}>
                <FormGroup label={_("Command")} fieldId="console-command">
                    <Split hasGutter>
                        <SplitItem isFilled>
                            <TextInput id="console-command" value={command} onChange={(_e, v) => setCommand(v)}
                                       isDisabled={!allowed} validated={refusal ? "error" : "default"}
                                       placeholder="list jobs" data-test="console-command" />
                        </SplitItem>
                        <SplitItem>
                            <ActionButton action={CONSOLE} type="submit" isLoading={busy} data-test="console-run"
                                          isDisabled={busy || !command.trim()}>
                                {_("Run")}
                            </ActionButton>
                        </SplitItem>
                    </Split>
                    <FormHelperText>
                        <HelperText>
                            <HelperTextItem variant={refusal ? "error" : "default"}
                                            data-test={refusal ? "console-refusal" : "console-help"}>
                                {refusal || (allowed ? _("One command; its output has passwords redacted.") : deniedReason(CONSOLE))}
                            </HelperTextItem>
                        </HelperText>
                    </FormHelperText>
                </FormGroup>
            </Form>
            <BaculaError error={error} />
            {outputs.map((o, i) =>
                <Card key={outputs.length - i} isCompact className="bams-section" data-test="console-output">
                    <CardTitle><code>{o.command}</code></CardTitle>
                    <CardBody><pre className="bams-output">{visibleText(o.output)}</pre></CardBody>
                </Card>)}
            <div className="bams-section"><Rules onPick={setCommand} /></div>
        </div>
    );
}
