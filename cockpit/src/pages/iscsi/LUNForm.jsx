// Adding a LUN: backed by a ZFS volume, an LVM logical volume, or a file
// on a repository.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { addISCSILUN } from "../../api/iscsi.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";

const KINDS = [
    { value: "zfs-volume", label: _("ZFS volume"), help: _("pool/volume, served from /dev/zvol/pool/volume") },
    { value: "lvm-lv", label: _("LVM logical volume"), help: _("vg/lv, served from /dev/vg/lv") },
    { value: "file", label: _("File on a repository"), help: _("A path relative to the repository") },
];

// Where the API's fields of a LUN show their problem.
const FIELDS = { lun: "lun", object: "name", "object.kind": "kind", "object.name": "name", repository: "repository", file: "file" };

export function LUNForm({ target, onClose, onSaved }) {
    const next = target.luns.length ? Math.max(...target.luns.map(l => l.lun)) + 1 : 0;
    const [f, setF] = useState({ lun: String(next), kind: "zfs-volume", name: "", repository: "", file: "", read_only: false });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    const field = (id, label, props) =>
        <FormField form="lun" id={id} label={label} value={f[id]} onChange={set} problem={problems[id]} {...props} />;

    const save = () => {
        const lun = { lun: Number(f.lun), read_only: f.read_only };
        if (!/^\d+$/.test(f.lun)) {
            setProblems({ lun: _("A number from 0 to 16383") });
            return;
        }
        if (f.kind === "file") {
            lun.repository = f.repository.trim();
            lun.file = f.file.trim();
        } else {
            lun.object = { kind: f.kind, name: f.name.trim() };
        }
        setProblems({});
        setError(null);
        setBusy(true);
        addISCSILUN(target.name, lun)
                .then(t => { onSaved(t); onClose() })
                .catch(e => {
                    const at = FIELDS[e.field?.replace(/^luns\[\d+\]\./, "")];
                    if (at)
                        setProblems({ [at]: e.message });
                    else
                        setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="lun-form" test="lun-form" title={cockpit.format(_("Add a LUN to $0"), target.name)} variant="medium"
                   isHorizontal onSubmit={save} busy={busy} error={error} onClose={onClose} submit={_("Add")} submitTest="lun-save">
            {field("lun", _("LUN"), { type: "number", isRequired: true })}
            <FormField form="lun" id="kind" label={_("Backing")} help={KINDS.find(k => k.value === f.kind).help}>
                <FormSelect id="lun-kind" value={f.kind} onChange={(_e, v) => set("kind", v)} data-test="lun-field-kind">
                    {KINDS.map(k => <FormSelectOption key={k.value} value={k.value} label={k.label} />)}
                </FormSelect>
            </FormField>
            {f.kind === "file"
                ? <>
                    {field("repository", _("Repository"), { isRequired: true })}
                    {field("file", _("File"), { isRequired: true })}
                </>
                : field("name", _("Volume"), { isRequired: true })}
            <Checkbox id="lun-read-only" label={_("Read-only")} isChecked={f.read_only}
                      onChange={(_e, v) => set("read_only", v)} />
        </FormModal>
    );
}
