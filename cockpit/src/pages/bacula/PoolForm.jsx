// Creating a pool: written as its own file for the director, checked with
// bacula-dir -t and reloaded by the API. Its 400 shows at the field.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";

import { _ } from "../../cockpit.js";
import { createBaculaPool } from "../../api/baculaStorage.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { daysToSeconds, parseSize, sizeHelp } from "./units.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function PoolForm({ onClose, onCreated }) {
    const [f, setF] = useState({
        name: "", maximum_volumes: "", maximum_volume_bytes: "", volume_retention_seconds: "365",
        label_format: "", storage: "", recycle: true, auto_prune: true,
    });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    const field = (id, label, props) =>
        <FormField form="pool" id={id} label={label} value={f[id]} onChange={set} problem={problems[id]} {...props} />;

    const save = () => {
        const pool = {
            name: f.name.trim(),
            maximum_volumes: Number(f.maximum_volumes || 0),
            maximum_volume_bytes: parseSize(f.maximum_volume_bytes),
            volume_retention_seconds: daysToSeconds(f.volume_retention_seconds),
            label_format: f.label_format.trim() || undefined,
            storage: f.storage.trim() || undefined,
            recycle: f.recycle,
            auto_prune: f.auto_prune,
        };
        const found = {};
        if (!NAME.test(pool.name))
            found.name = _("Letters, digits and _.-, starting with a letter or digit, at most 64");
        if (!Number.isInteger(pool.maximum_volumes) || pool.maximum_volumes < 0)
            found.maximum_volumes = _("A whole number; empty for no limit");
        if (isNaN(pool.maximum_volume_bytes))
            found.maximum_volume_bytes = sizeHelp;
        if (pool.volume_retention_seconds !== undefined && !(pool.volume_retention_seconds > 0))
            found.volume_retention_seconds = _("A number of days");
        setProblems(found);
        setError(null);
        if (Object.keys(found).length)
            return;
        setBusy(true);
        createBaculaPool(pool)
                .then(p => { onCreated(p); onClose() })
                .catch(e => (e.field in f ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="pool-form" test="pool-form" title={_("Create pool")} variant="medium" isHorizontal
                   onSubmit={save} busy={busy} error={error} onClose={onClose} submit={_("Create")} submitTest="pool-save">
            {field("name", _("Name"), { isRequired: true })}
            {field("maximum_volumes", _("Maximum volumes"), { type: "number", help: _("Empty for no limit") })}
            {field("maximum_volume_bytes", _("Maximum volume size"), { help: sizeHelp })}
            {field("volume_retention_seconds", _("Volume retention"), { type: "number", help: _("Days") })}
            {field("label_format", _("Label format"), { help: _("Like Vol-: the director labels new volumes itself") })}
            {field("storage", _("Storage"), { help: _("Empty: the job's storage") })}
            <Checkbox id="pool-recycle" label={_("Recycle volumes")} isChecked={f.recycle}
                      onChange={(_e, v) => set("recycle", v)} />
            <Checkbox id="pool-auto-prune" label={_("Prune automatically")} isChecked={f.auto_prune}
                      onChange={(_e, v) => set("auto_prune", v)} />
        </FormModal>
    );
}
