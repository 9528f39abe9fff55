// Adding a host (no host given) or changing one's settings, in a modal.
// Checks what it can before sending; the API's 400 shows at its field.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createHost, updateHost } from "../../api/hosts.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { toFields, toHost, validate } from "./hostForm.js";

const ADVANCED = ["include", "exclude", "bandwidth_kbps", "io_timeout_seconds",
    "pre_backup", "post_backup", "pre_restore", "post_restore"];

export function HostForm({ host, onClose, onSaved }) {
    const [fields, setFields] = useState(() => toFields(host));
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [advanced, setAdvanced] = useState(false);
    const editing = !!host;

    const set = (id, v) => setFields(f => ({ ...f, [id]: v }));
    const field = (id, label, props = {}) =>
        <FormField form="host" id={id} label={label} value={fields[id]} onChange={set} problem={problems[id]} {...props} />;

    const save = () => {
        const h = toHost(fields);
        const found = validate(h);
        setProblems(found);
        setError(null);
        if (Object.keys(found).length > 0)
            return;
        setBusy(true);
        (editing ? updateHost(host.name, h) : createHost(h))
                .then(saved => { onSaved(saved); onClose() })
                .catch(e => {
                    if (e.field && e.field in fields)
                        setProblems({ [e.field]: e.message });
                    setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="host-form" test="host-form" variant="medium" isHorizontal
                   title={editing ? cockpit.format(_("Settings of $0"), host.name) : _("Add host")}
                   onSubmit={save} busy={busy} error={error} onClose={onClose}
                   submit={editing ? _("Save") : _("Add")} submitTest="host-save">
            {!editing && field("name", _("Name"), {
                isRequired: true, help: _("Also its folder in the repository; cannot be changed later"),
            })}
            {field("address", _("Address"), { isRequired: true, help: _("DNS name or IP address") })}
            {field("port", _("SSH port"), { type: "number" })}
            {field("user", _("SSH user"))}
            {field("repository", _("Repository"), { help: _("Where its snapshots go (Repositories page); a host with snapshots cannot move") })}
            {field("paths", _("Folders to back up"), {
                multiline: true, isRequired: true, help: _("Absolute paths, one per line"),
            })}
            <Checkbox id="host-enabled" label={_("Enabled")} isChecked={fields.enabled}
                      onChange={(_e, v) => set("enabled", v)} data-test="host-field-enabled" />
            <ExpandableSection toggleText={_("Advanced")} data-test="host-advanced"
                               isExpanded={advanced || ADVANCED.some(f => problems[f])}
                               onToggle={(_e, v) => setAdvanced(v)}>
                {field("include", _("Include patterns"), { multiline: true, help: _("rsync patterns, one per line") })}
                {field("exclude", _("Exclude patterns"), { multiline: true, help: _("rsync patterns, one per line") })}
                {field("bandwidth_kbps", _("Bandwidth limit"), { type: "number", help: _("KiB/s, 0 for no limit") })}
                {field("io_timeout_seconds", _("I/O timeout"), {
                    type: "number", help: _("Seconds without any transfer before a run is aborted"),
                })}
                {field("pre_backup", _("Before backup"), { help: _("Command run on the host over SSH") })}
                {field("post_backup", _("After backup"))}
                {field("pre_restore", _("Before restore"))}
                {field("post_restore", _("After restore"))}
            </ExpandableSection>
        </FormModal>
    );
}
