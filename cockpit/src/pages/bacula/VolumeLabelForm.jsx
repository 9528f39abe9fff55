// Labels a new volume into a pool, optionally with its own maximum size.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { _ } from "../../cockpit.js";
import { labelBaculaVolume } from "../../api/baculaStorage.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormField } from "../../components/FormField.jsx";
import { parseSize, sizeHelp } from "./units.js";

export function VolumeLabelForm({ pools, pool, onClose, onLabelled }) {
    const [f, setF] = useState({ name: "", pool: pool || pools[0] || "", storage: "", maximum_bytes: "" });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));

    const save = ev => {
        ev.preventDefault();
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
        <Modal isOpen onClose={onClose} variant="small" aria-labelledby="volume-label-title" data-test="volume-label-form">
            <ModalHeader labelId="volume-label-title" title={_("Label volume")} />
            <ModalBody>
                <Form id="volume-label-form" onSubmit={save}>
                    <ApiErrorAlert error={error} />
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
                </Form>
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="volume-label-form" isLoading={busy} isDisabled={busy} data-test="volume-save">
                    {_("Label")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
