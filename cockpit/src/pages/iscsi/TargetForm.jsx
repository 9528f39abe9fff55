// Creating or editing a target of the desired state. CHAP secrets are
// write-only: the fields start empty, say whether a secret is set, and an
// empty field keeps it. The API's 400 shows at its field.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";

import { _ } from "../../cockpit.js";
import { createISCSITarget, updateISCSITarget } from "../../api/iscsi.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";

const lines = text => text.split(/[\s,]+/).map(s => s.trim()).filter(Boolean);

// Where each API field shows its problem.
function fieldOf(apiField) {
    if (!apiField)
        return null;
    if (apiField.startsWith("portals"))
        return "portals";
    if (apiField.startsWith("initiators"))
        return "initiators";
    if (apiField.startsWith("chap.outgoing"))
        return apiField.endsWith("secret") ? "out_secret" : "out_user";
    if (apiField.startsWith("chap.incoming"))
        return apiField.endsWith("secret") ? "in_secret" : "in_user";
    return apiField;
}

export function TargetForm({ target, onClose, onSaved }) {
    const editing = !!target;
    const inUser = target?.chap.incoming[0];
    const outUser = target?.chap.outgoing;
    const [f, setF] = useState({
        name: target?.name || "",
        alias: target?.alias || "",
        enabled: target ? target.enabled : true,
        portals: (target?.portals || []).map(p => p.address).join("\n"),
        initiators: (target?.initiators || []).join("\n"),
        in_user: inUser?.user || "",
        in_secret: "",
        out_user: outUser?.user || "",
        out_secret: "",
    });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    const field = (id, label, props) =>
        <FormField form="target" id={id} label={label} value={f[id]} onChange={set} problem={problems[id]} {...props} />;
    const secretHelp = isSet => (isSet ? _("A secret is set: leave empty to keep it") : _("12 to 255 characters"));

    const save = () => {
        const body = {
            name: f.name.trim(),
            alias: f.alias.trim(),
            enabled: f.enabled,
            portals: lines(f.portals).map(address => ({ address })),
            initiators: lines(f.initiators),
            chap: { incoming: [], outgoing: null },
        };
        if (f.in_user.trim())
            body.chap.incoming = [{ user: f.in_user.trim(), secret: f.in_secret || undefined }];
        if (f.out_user.trim())
            body.chap.outgoing = { user: f.out_user.trim(), secret: f.out_secret || undefined };
        setProblems({});
        setError(null);
        setBusy(true);
        (editing ? updateISCSITarget(target.name, body) : createISCSITarget(body))
                .then(t => { onSaved(t); onClose() })
                .catch(e => {
                    const at = fieldOf(e.field);
                    if (at && at in f)
                        setProblems({ [at]: e.message });
                    else
                        setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="target-form" test="target-form" title={editing ? _("Edit target") : _("Create target")}
                   variant="medium" isHorizontal onSubmit={save} busy={busy} error={error} onClose={onClose}
                   submit={editing ? _("Save") : _("Create")} submitTest="target-save"
                   description={_("Changes the desired state only: review the plan and apply to change SCST.")}>
            {field("name", _("Name"), { isRequired: true, isDisabled: editing, help: _("An IQN (iqn.2026-01.com.example:backup) or an EUI") })}
            {field("alias", _("Alias"))}
            <Checkbox id="target-enabled" label={_("Enabled: initiators may log in")} isChecked={f.enabled}
                      onChange={(_e, v) => set("enabled", v)} data-test="target-field-enabled" />
            {field("portals", _("Portals"), { multiline: true, help: _("Addresses the target answers on, one per line (port 3260). Empty: all") })}
            {field("initiators", _("Allowed initiators"), { multiline: true, help: _("Initiator IQNs, one per line. Empty: any initiator that passes CHAP") })}
            {field("in_user", _("CHAP user"), { help: _("Initiators authenticate with this user") })}
            {field("in_secret", _("CHAP secret"), { type: "password", autoComplete: "new-password", help: secretHelp(inUser?.secret_set) })}
            {field("out_user", _("Mutual CHAP user"), { help: _("The target authenticates back to the initiator") })}
            {field("out_secret", _("Mutual CHAP secret"), { type: "password", autoComplete: "new-password", help: secretHelp(outUser?.secret_set) })}
        </FormModal>
    );
}
