// The host's settings, with Edit and Remove for admins.
import { useState } from "react";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

import { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { DeleteHostModal } from "./DeleteHostModal.jsx";
import { HostForm } from "./HostForm.jsx";

function Field({ label, test, children }) {
    if (children === undefined || children === "" || children === null)
        return null;
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{label}</DescriptionListTerm>
            <DescriptionListDescription data-test={test}>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

const list = items => (items?.length ? items.map(i => <div key={i}><code>{i}</code></div>) : undefined);

export function SettingsCard({ host, onHostChanged }) {
    const [dialog, setDialog] = useState(null);
    return (
        <Card data-test="settings-card">
            <CardHeader actions={{
                actions: (
                    <>
                        <ActionButton action={MANAGE} variant="secondary" onClick={() => setDialog("edit")}
                                      data-test="host-edit">
                            {_("Edit")}
                        </ActionButton>{" "}
                        <ActionButton action={MANAGE} variant="secondary" isDanger onClick={() => setDialog("delete")}
                                      data-test="host-delete">
                            {_("Remove")}
                        </ActionButton>
                    </>
                ),
            }}>
                <CardTitle>{_("Settings")}</CardTitle>
            </CardHeader>
            <CardBody>
                <DescriptionList isHorizontal isCompact>
                    <Field label={_("Address")} test="host-address">{`${host.user}@${host.address}:${host.port}`}</Field>
                    <Field label={_("Enabled")}>{host.enabled ? _("Yes") : _("No")}</Field>
                    <Field label={_("Repository")} test="host-repository">
                        <a href="#/repositories">{host.repository}</a>
                    </Field>
                    <Field label={_("Folders")} test="host-paths">{list(host.paths)}</Field>
                    <Field label={_("Include")}>{list(host.include)}</Field>
                    <Field label={_("Exclude")}>{list(host.exclude)}</Field>
                    <Field label={_("Bandwidth limit")}>
                        {host.bandwidth_kbps ? `${bytes(host.bandwidth_kbps * 1024)}/s` : _("None")}
                    </Field>
                    <Field label={_("I/O timeout")}>{`${host.io_timeout_seconds} s`}</Field>
                    <Field label={_("Before backup")}>{host.pre_backup && <code>{host.pre_backup}</code>}</Field>
                    <Field label={_("After backup")}>{host.post_backup && <code>{host.post_backup}</code>}</Field>
                    <Field label={_("Before restore")}>{host.pre_restore && <code>{host.pre_restore}</code>}</Field>
                    <Field label={_("After restore")}>{host.post_restore && <code>{host.post_restore}</code>}</Field>
                </DescriptionList>
            </CardBody>
            {dialog === "edit" &&
                <HostForm host={host} onClose={() => setDialog(null)} onSaved={onHostChanged} />}
            {dialog === "delete" &&
                <DeleteHostModal host={host} onClose={() => setDialog(null)} onDeleted={() => go(["hosts"])} />}
        </Card>
    );
}
