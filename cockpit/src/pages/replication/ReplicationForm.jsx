// Creating a replication task (none given) or changing one, in a modal.
// Checks what it can before sending; the API's 400 shows at its field.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createReplication, updateReplication } from "../../api/replication.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { toConfig, toFields, validate } from "./replicationForm.js";

export function ReplicationForm({ task, onClose, onSaved }) {
    const [fields, setFields] = useState(() => toFields(task));
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const editing = !!task;
    const zfs = fields.kind === "zfs";

    const set = (id, v) => setFields(f => ({ ...f, [id]: v }));
    const field = (id, label, props = {}) =>
        <FormField form="replication" id={id} label={label} value={fields[id]} onChange={set} problem={problems[id]} {...props} />;

    const save = () => {
        const c = toConfig(fields);
        const found = validate(c);
        setProblems(found);
        setError(null);
        if (Object.keys(found).length > 0)
            return;
        setBusy(true);
        (editing ? updateReplication(task.name, c) : createReplication(c))
                .then(saved => onSaved(saved))
                .catch(e => {
                    if (e.field && e.field in fields)
                        setProblems({ [e.field]: e.message });
                    setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="replication-form" test="replication-form" variant="medium" isHorizontal
                   title={editing ? cockpit.format(_("Settings of $0"), task.name) : _("Create replication")}
                   onSubmit={save} busy={busy} error={error} onClose={onClose}
                   submit={editing ? _("Save") : _("Create")} submitTest="replication-save">
            {!editing && field("name", _("Name"), { isRequired: true, help: _("Lowercase letters, digits, - and _") })}
            {field("kind", _("Kind"), {
                children: (
                    <FormSelect id="replication-kind" value={fields.kind} onChange={(_e, v) => set("kind", v)}
                                data-test="replication-field-kind" aria-label={_("Kind")}>
                        <FormSelectOption value="zfs" label={_("ZFS dataset (zfs send)")} />
                        <FormSelectOption value="btrfs" label={_("btrfs subvolume (btrfs send)")} />
                    </FormSelect>
                ),
            })}
            {field("source", zfs ? _("Source dataset") : _("Source subvolume"), {
                isRequired: true, help: zfs ? _("For example tank/web") : _("Absolute path of the subvolume"),
            })}
            {zfs &&
                <Checkbox id="replication-recursive" label={_("With its descendants (recursive)")} isChecked={fields.recursive}
                          onChange={(_e, v) => set("recursive", v)} data-test="replication-field-recursive" />}
            {field("target.address", _("Target machine"), { isRequired: true, help: _("DNS name or IP address") })}
            {field("target.port", _("SSH port"), { type: "number", help: _("22 when empty") })}
            {field("target.user", _("SSH user"), { isRequired: true })}
            {zfs
                ? field("target.dataset", _("Target dataset"), { isRequired: true, help: _("Received as this dataset; BAMS never overwrites or rolls back one that shares no snapshot") })
                : field("target.folder", _("Target folder"), { isRequired: true, help: _("A folder on a btrfs filesystem of the target, for this task alone") })}
            {field("cron", _("Schedule"), { help: _("Cron (minute hour day month weekday) or @hourly; empty: only when run") })}
            <Checkbox id="replication-enabled" label={_("Enabled")} isChecked={fields.enabled}
                      onChange={(_e, v) => set("enabled", v)} data-test="replication-field-enabled" />
            {field("bandwidth_limit", _("Bandwidth limit"), { type: "number", help: _("Bytes per second, 0 for none") })}
            {field("keep_target", _("Keep on the target"), { type: "number", help: _("How many of its own snapshots; 0: all") })}
            {zfs && field("keep_source", _("Keep on the source"), { type: "number", help: _("How many of its own replicated snapshots; 0: all") })}
        </FormModal>
    );
}
