// Labels a new volume into a pool, optionally with its own maximum size.
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import { _ } from "../../cockpit.js";
import { labelBaculaVolume } from "../../api/baculaStorage.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { parseSize, sizeHelp } from "./units.js";

export function VolumeLabelForm({ pools, pool, onClose, onLabelled }) {
    const [f, setF] = useState({ name: "", pool: pool || pools[0] || "", storage: "", maximum_bytes: "" });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));

    const save = () => {
        const size = parseSize(f.maximum_bytes);
        if (isNaN(size)) {
            setProblems({ maximum_bytes: sizeHelp });
            return;
        }
        setProblems({});
        setError(null);
        setBusy(true);
        labelBaculaVolume({ name: f.name.trim(), pool: f.pool, storage: f.storage.trim() || undefined, maximum_bytes: size || undefined })
                .then(v => { onLabelled(v); onClose() })
                .catch(e => (e.field in f ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="volume-label-form" test="volume-label-form" title={_("Label volume")}
                   onSubmit={save} busy={busy} error={error} onClose={onClose} submit={_("Label")} submitTest="volume-save">
            <FormField form="volume" id="name" label={_("Name")} value={f.name} onChange={set}
                       problem={problems.name} isRequired />
            <FormField form="volume" id="pool" label={_("Pool")} problem={problems.pool} isRequired>
                <FormSelect id="volume-pool" value={f.pool} onChange={(_e, v) => set("pool", v)}
                            data-test="volume-field-pool">
                    {pools.map(p => <FormSelectOption key={p} value={p} label={p} />)}
                </FormSelect>
            </FormField>
            <FormField form="volume" id="maximum_bytes" label={_("Maximum size")} value={f.maximum_bytes}
                       onChange={set} problem={problems.maximum_bytes} help={_("Like 5G; empty: the pool's")} />
            <FormField form="volume" id="storage" label={_("Storage")} value={f.storage} onChange={set}
                       problem={problems.storage} help={_("Empty when the director has one")} />
        </FormModal>
    );
}
