// Creating or editing a snapshot task: target (fixed once made), schedule,
// naming and its retention policy (the hosts' policy fields). Editing sends
// only what changed: bamsd keeps the rest. The API's 400 shows at its field.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import { _ } from "../../cockpit.js";
import { createSnapTask, updateSnapTask } from "../../api/snaptasks.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { COUNTS, toFields, toPolicy, validatePolicy } from "../retention/policy.js";

const NEW = {
    name: "", kind: "zfs", target: "", recursive: false, cron: "0 * * * *", naming: "auto-%Y-%m-%d_%H-%M", enabled: true,
    retention: { keep_last: 0, keep_hourly: 24, keep_daily: 7, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0, keep_within: "", minimum: 1, kinds: "scheduled", max_delete: 10 },
};

// The fields whose values differ from the task's, as the PUT body.
function changes(task, body) {
    const out = {};
    for (const k of ["recursive", "cron", "naming", "enabled"])
        if (body[k] !== task[k])
            out[k] = body[k];
    const policy = Object.fromEntries(Object.entries(body.retention).filter(([k, v]) => v !== task.retention[k]));
    if (Object.keys(policy).length > 0)
        out.retention = policy;
    return out;
}

export function SnapTaskForm({ task, onClose, onSaved }) {
    const editing = !!task;
    const start = task || NEW;
    const [f, setF] = useState({ ...start, ...toFields(start.retention) });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    const policy = toPolicy(f);
    const policyProblems = validatePolicy(policy);
    const field = (id, label, props) =>
        <FormField form="snaptask" id={id} label={label} value={f[id]} onChange={set}
                   problem={problems[id] || policyProblems[id]} {...props} />;

    const save = () => {
        const body = { name: f.name.trim(), kind: f.kind, target: f.target.trim(), recursive: f.kind === "zfs" && f.recursive,
                       cron: f.cron.trim(), naming: f.naming.trim(), enabled: f.enabled, retention: policy };
        setProblems({});
        setError(null);
        setBusy(true);
        (editing ? updateSnapTask(task.name, changes(task, body)) : createSnapTask(body))
                .then(t => { onSaved(t); onClose() })
                .catch(e => {
                    const at = e.field?.replace(/^retention\./, "");
                    if (at && at in f)
                        setProblems({ [at]: e.message });
                    else
                        setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="snaptask-form" test="snaptask-form" title={editing ? _("Edit snapshot task") : _("Create snapshot task")}
                   variant="medium" isHorizontal onSubmit={save} busy={busy} error={error} onClose={onClose}
                   canSubmit={Object.keys(policyProblems).length === 0}
                   submit={editing ? _("Save") : _("Create")} submitTest="snaptask-save"
                   description={_("Its snapshots carry the owner snaptask:<name>; pruning only ever deletes those.")}>
            {field("name", _("Name"), { isRequired: true, isDisabled: editing })}
            <FormField form="snaptask" id="kind" label={_("Kind")}>
                <FormSelect id="snaptask-kind" value={f.kind} isDisabled={editing} data-test="snaptask-field-kind"
                            onChange={(_e, v) => set("kind", v)}>
                    <FormSelectOption value="zfs" label={_("ZFS dataset")} />
                    <FormSelectOption value="btrfs" label={_("btrfs subvolume")} />
                </FormSelect>
            </FormField>
            {field("target", f.kind === "zfs" ? _("Dataset") : _("Subvolume path"),
                   { isRequired: true, isDisabled: editing, help: f.kind === "zfs" ? "tank/data" : "/srv/btrfs/backups" })}
            {f.kind === "zfs" &&
                <Checkbox id="snaptask-recursive" label={_("Recursive: every descendant too, under one name")}
                          isChecked={f.recursive} onChange={(_e, v) => set("recursive", v)} data-test="snaptask-field-recursive" />}
            {field("cron", _("Schedule"), { isRequired: true, help: _("minute hour day month weekday, or @hourly, @every 6h") })}
            {field("naming", _("Naming"), { help: _("%Y %m %d %H %M in that order (then %S), written in UTC") })}
            <Checkbox id="snaptask-enabled" label={_("Enabled: run at the scheduled times")} isChecked={f.enabled}
                      onChange={(_e, v) => set("enabled", v)} data-test="snaptask-field-enabled" />
            {COUNTS.map(([id, label]) => field(id, label, { type: "number", min: 0 }))}
            {field("keep_within", _("Keep within"), { help: _("7d, 36h, 1d12h, 90m; empty: off") })}
        </FormModal>
    );
}
