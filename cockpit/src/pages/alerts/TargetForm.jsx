// Adds a notification target: an email through an SMTP relay or a
// webhook, with its matchers. Secrets are typed here and never shown again
// (the API answers only that one is set). A 400 shows at its field.
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createNotifyTarget } from "../../api/notify.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";

const LEVELS = ["info", "warning", "error", "critical"];
const list = s => s.split(/[\s,]+/).filter(Boolean);

export function TargetForm({ onClose, onCreated }) {
    const [f, setF] = useState({
        name: "", kind: "email", min_level: "warning", classes: "",
        "email.relay": "", "email.tls": "starttls", "email.from": "", "email.to": "", "email.username": "", "email.password": "",
        "webhook.url": "", "webhook.secret": "",
    });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(old => ({ ...old, [id]: v }));
    const field = (id, label, props) =>
        <FormField form="target" id={id} label={label} value={f[id]} onChange={set} problem={problems[id]} {...props} />;

    const submit = () => {
        const target = { name: f.name, kind: f.kind, enabled: true, min_level: f.min_level, classes: list(f.classes) };
        if (f.kind === "email")
            target.email = {
                relay: f["email.relay"], tls: f["email.tls"], from: f["email.from"], to: list(f["email.to"]),
                username: f["email.username"], password: f["email.password"],
            };
        else
            target.webhook = { url: f["webhook.url"], secret: f["webhook.secret"] };
        setBusy(true);
        setProblems({});
        setError(null);
        createNotifyTarget(target)
                .then(onCreated)
                .catch(e => {
                    const at = (e.field || "").replace(/\[\d+\]$/, "");
                    return at in f ? setProblems({ [at]: e.message }) : setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="target" test="target-form" title={_("Add a notification target")} variant="medium" isHorizontal
                   onSubmit={submit} submit={_("Add")} submitTest="target-submit" busy={busy} error={error} onClose={onClose}>
            {field("name", _("Name"), { isRequired: true, help: _("Lower-case letters, digits, - and _") })}
            <FormField form="target" id="kind" label={_("Kind")}>
                <FormSelect id="target-kind" value={f.kind} onChange={(_e, v) => set("kind", v)} data-test="target-field-kind">
                    <FormSelectOption value="email" label={_("Email through an SMTP relay")} />
                    <FormSelectOption value="webhook" label={_("Webhook (JSON POST)")} />
                </FormSelect>
            </FormField>
            <FormField form="target" id="min_level" label={_("Send")} problem={problems.min_level}>
                <FormSelect id="target-min_level" value={f.min_level} onChange={(_e, v) => set("min_level", v)}
                            data-test="target-field-min_level">
                    {LEVELS.map(l => <FormSelectOption key={l} value={l} label={cockpit.format(_("Alerts of level $0 and above"), l)} />)}
                </FormSelect>
            </FormField>
            {field("classes", _("Only classes"), { help: _("Comma-separated, e.g. backup-failed; empty for every class") })}
            {f.kind === "email"
                ? <>
                    {field("email.relay", _("Relay"), { isRequired: true, help: _("host:port, usually port 587") })}
                    <FormField form="target" id="email.tls" label={_("Encryption")} problem={problems["email.tls"]}>
                        <FormSelect id="target-email.tls" value={f["email.tls"]} onChange={(_e, v) => set("email.tls", v)}
                                    data-test="target-field-email.tls">
                            <FormSelectOption value="starttls" label={_("STARTTLS (required)")} />
                            <FormSelectOption value="none" label={_("None (a relay on this machine)")} />
                        </FormSelect>
                    </FormField>
                    {field("email.from", _("From"), { isRequired: true })}
                    {field("email.to", _("To"), { isRequired: true, help: _("Comma-separated addresses") })}
                    {field("email.username", _("Login"))}
                    {field("email.password", _("Password"), { type: "password", help: _("Stored by the appliance; never shown again") })}
                </>
                : <>
                    {field("webhook.url", _("URL"), { isRequired: true })}
                    {field("webhook.secret", _("Signing secret"), {
                        type: "password", help: _("Requests carry X-BAMS-Signature: sha256=HMAC of the body"),
                    })}
                </>}
        </FormModal>
    );
}
