// Connecting bamsd to the host: bamsd's public key to install there, a
// connection test that shows the keys the host offers, and accepting one of
// them (the fingerprint shown is the one sent back, so only what the admin
// saw is trusted).
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { ClipboardCopy } from "@patternfly/react-core/dist/esm/components/ClipboardCopy/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { acceptHostKey, getSSHKey, testHost } from "../../api/hosts.js";
import { useResource } from "../../hooks.js";
import { MANAGE, OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

function PublicKey({ user }) {
    const { data, error } = useResource(getSSHKey, []);
    return (
        <>
            <p>{cockpit.format(_("Add bamsd's public key to ~$0/.ssh/authorized_keys on the host:"), user)}</p>
            <ApiErrorAlert error={error} />
            {data &&
                <ClipboardCopy isReadOnly hoverTip={_("Copy")} clickTip={_("Copied")} data-test="public-key"
                               textAriaLabel={_("bamsd's public key")} toggleAriaLabel={_("Show the whole key")}>
                    {data.public_key}
                </ClipboardCopy>}
        </>
    );
}

function ScanResult({ host, scan, onAccept, accepting }) {
    return (
        <div data-test="scan-result" data-login={scan.login} data-matches={scan.matches ? "1" : "0"}>
            {scan.error && <Alert variant="danger" isInline title={scan.error} data-test="scan-error" />}
            {scan.login === "ok"
                ? <Alert variant="success" isInline title={_("Logged in with bamsd's key.")} data-test="login-ok" />
                : <Alert variant={host.host_key ? "warning" : "info"} isInline data-test="login-failed"
                         title={cockpit.format(_("Login: $0"), scan.login)} />}
            {host.host_key && !scan.matches && scan.keys?.length > 0 &&
                <Alert variant="danger" isInline data-test="key-changed"
                       title={_("The host no longer offers the accepted key. Accept a new one only if you know why it changed.")} />}
            {scan.keys?.length > 0 &&
                <List isPlain isBordered aria-label={_("Keys the host offers")} data-test="host-keys">
                    {scan.keys.map(k =>
                        <ListItem key={k.fingerprint} data-fingerprint={k.fingerprint}>
                            <div>{k.type} <code>{k.fingerprint}</code></div>
                            {k.fingerprint === host.host_key
                                ? <Label color="green" data-test="key-accepted">{_("Accepted")}</Label>
                                : <ActionButton action={MANAGE} variant="secondary" size="sm"
                                                onClick={() => onAccept(k.fingerprint)}
                                                isLoading={accepting === k.fingerprint}
                                                isDisabled={!!accepting} data-test="key-accept">
                                    {_("Accept this key")}
                                </ActionButton>}
                        </ListItem>)}
                </List>}
        </div>
    );
}

export function ConnectionCard({ host, onHostChanged }) {
    const [scan, setScan] = useState(null);
    const [testing, setTesting] = useState(false);
    const [accepting, setAccepting] = useState(null);
    const [error, setError] = useState(null);

    const test = () => {
        setTesting(true);
        setError(null);
        return testHost(host.name).then(setScan, setError).finally(() => setTesting(false));
    };

    // Accepting changes the host; testing again shows whether login works now.
    const accept = fingerprint => {
        setAccepting(fingerprint);
        setError(null);
        acceptHostKey(host.name, fingerprint)
                .then(h => { onHostChanged(h); return test() })
                .catch(setError)
                .finally(() => setAccepting(null));
    };

    return (
        <Card data-test="connection-card" className="bams-wrap">
            <CardHeader actions={{
                actions: (
                    <ActionButton action={OPERATE} variant="secondary" onClick={test} isLoading={testing}
                                  isDisabled={testing} data-test="host-test">
                        {_("Test connection")}
                    </ActionButton>
                ),
            }}>
                <CardTitle>{_("Connection")}</CardTitle>
            </CardHeader>
            <CardBody>
                <PublicKey user={host.user} />
                <p data-test="accepted-key" className="bams-wrap">
                    {_("Accepted host key:")}{" "}
                    {host.host_key ? <code>{host.host_key}</code> : <em>{_("none yet: test the connection to see the host's keys")}</em>}
                </p>
                <ApiErrorAlert error={error} />
                {scan && <ScanResult host={host} scan={scan} onAccept={accept} accepting={accepting} />}
            </CardBody>
        </Card>
    );
}
