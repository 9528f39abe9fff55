// Changes a volume's status, recycling, retention and maximum size; only
// what was changed is sent.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { updateBaculaVolume } from "../../api/baculaStorage.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { daysToSeconds, formatSize, parseSize, secondsToDays, sizeHelp } from "./units.js";

// The statuses `update volume` accepts.
const STATUSES = ["Append", "Archive", "Disabled", "Full", "Used", "Cleaning", "Read-Only"];

export function VolumeEditForm({ volume, onClose, onSaved }) {
    const [f, setF] = useState({
        status: STATUSES.includes(volume.status) ? volume.status : "",
        recycle: volume.recycle,
        retention_seconds: secondsToDays(volume.retention_seconds),
        maximum_bytes: formatSize(volume.maximum_bytes),
    });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));

    const save = () => {
        const change = {};
        if (f.status && f.status !== volume.status)
            change.status = f.status;
        if (f.recycle !== volume.recycle)
            change.recycle = f.recycle;
        const retention = daysToSeconds(f.retention_seconds) ?? 0;
        if (retention !== volume.retention_seconds)
            change.retention_seconds = retention;
        const size = parseSize(f.maximum_bytes);
        if (isNaN(size)) {
            setProblems({ maximum_bytes: sizeHelp });
            return;
        }
        if (size !== volume.maximum_bytes)
            change.maximum_bytes = size;
        setProblems({});
        setError(null);
        if (Object.keys(change).length === 0) {
            onClose();
            return;
        }
        setBusy(true);
        updateBaculaVolume(volume.name, change)
                .then(v => { onSaved(v); onClose() })
                .catch(e => (e.field in f ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="volume-edit-form" test="volume-edit-form" title={cockpit.format(_("Volume $0"), volume.name)}
                   onSubmit={save} busy={busy} error={error} onClose={onClose} submit={_("Save")} submitTest="volume-update">
            <FormField form="volume" id="status" label={_("Status")} problem={problems.status}>
                <FormSelect id="volume-status" value={f.status} onChange={(_e, v) => set("status", v)}
                            data-test="volume-field-status">
                    {!f.status && <FormSelectOption value="" label={volume.status} />}
                    {STATUSES.map(s => <FormSelectOption key={s} value={s} label={s} />)}
                </FormSelect>
            </FormField>
            <Checkbox id="volume-recycle" label={_("Recycle when its retention has passed")} isChecked={f.recycle}
                      onChange={(_e, v) => set("recycle", v)} data-test="volume-field-recycle" />
            <FormField form="volume" id="retention_seconds" label={_("Retention")} type="number"
                       value={f.retention_seconds} onChange={set} problem={problems.retention_seconds}
                       help={_("Days")} />
            <FormField form="volume" id="maximum_bytes" label={_("Maximum size")} value={f.maximum_bytes}
                       onChange={set} problem={problems.maximum_bytes} help={sizeHelp} />
        </FormModal>
    );
}
