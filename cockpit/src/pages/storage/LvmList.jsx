// #/storage/lvm: volume groups with their usage and disks, logical volumes
// with who uses them; create a VG from free disks, create and remove LVs.
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createLV, createVG, listLVs, listVGs, removeLV, removeVG } from "../../api/storage.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ConfirmName } from "../../components/ConfirmName.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { FreeDisks } from "./FreeDisks.jsx";
import { StorageError, UsageBar, UsedBy, useSubmit } from "./parts.jsx";

const loadLVM = () => Promise.all([listVGs(), listLVs()]).then(([vgs, lvs]) => ({ vgs: vgs.vgs, lvs: lvs.lvs }));

// sizeBytes reads "500M", "10G", "1T" or a number of bytes; null when unreadable.
export function sizeBytes(s) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(s);
    if (!m)
        return null;
    return Math.round(parseFloat(m[1]) * 1024 ** " KMGT".indexOf((m[2] || " ").toUpperCase()));
}

export function LvmList() {
    const { data, error, loading, reload } = useResource(loadLVM, []);
    const [dialog, setDialog] = useState(null); // "vg" | "lv" | { removeLV } | { removeVG }

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <StorageError error={error} what={_("LVM")} />;
    const done = () => { setDialog(null); reload() };
    return (
        <div data-test="storage-lvm">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setDialog("vg")} data-test="vg-create">{_("Create volume group")}</ActionButton>
                    </ToolbarItem>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} variant="secondary" onClick={() => setDialog("lv")} isDisabled={data.vgs.length === 0}
                                      data-test="lv-create">
                            {_("Create logical volume")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <StorageError error={error} what={_("LVM")} />
            <Title headingLevel="h3">{_("Volume groups")}</Title>
            <Table variant="compact" aria-label={_("Volume groups")} data-test="vgs-table">
                <Thead>
                    <Tr>
                        <Th>{_("Volume group")}</Th>
                        <Th>{_("Size")}</Th>
                        <Th width={25}>{_("Used")}</Th>
                        <Th>{_("Disks")}</Th>
                        <Th>{_("LVs")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {data.vgs.map(v =>
                        <Tr key={v.name} data-vg={v.name}>
                            <Td dataLabel={_("Volume group")}>{v.name}</Td>
                            <Td dataLabel={_("Size")}>{bytes(v.size)}</Td>
                            <Td dataLabel={_("Used")}><UsageBar used={v.size - v.free} size={v.size} /></Td>
                            <Td dataLabel={_("Disks")}>{v.pvs.join(", ")}</Td>
                            <Td dataLabel={_("LVs")}>{v.lv_count}</Td>
                            <Td isActionCell>
                                <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="vg-remove"
                                              onClick={() => setDialog({ removeVG: v })}>
                                    {_("Remove")}
                                </ActionButton>
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
            <Title headingLevel="h3">{_("Logical volumes")}</Title>
            <Table variant="compact" aria-label={_("Logical volumes")} data-test="lvs-table">
                <Thead>
                    <Tr>
                        <Th>{_("Logical volume")}</Th>
                        <Th>{_("Kind")}</Th>
                        <Th>{_("Size")}</Th>
                        <Th>{_("Used by")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {data.lvs.map(l =>
                        <Tr key={`${l.vg}/${l.name}`} data-lv={`${l.vg}/${l.name}`}>
                            <Td dataLabel={_("Logical volume")}>{l.vg}/{l.name}</Td>
                            <Td dataLabel={_("Kind")}>{l.kind}</Td>
                            <Td dataLabel={_("Size")}>{bytes(l.size)}</Td>
                            <Td dataLabel={_("Used by")}><UsedBy users={l.used_by} /></Td>
                            <Td isActionCell>
                                <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="lv-remove"
                                              onClick={() => setDialog({ removeLV: l })}>
                                    {_("Remove")}
                                </ActionButton>
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
            {dialog === "vg" && <VGForm onClose={() => setDialog(null)} onCreated={done} />}
            {dialog === "lv" && <LVForm vgs={data.vgs} onClose={() => setDialog(null)} onCreated={done} />}
            {dialog?.removeLV &&
                <ConfirmName test="lv-remove-modal" name={`${dialog.removeLV.vg}/${dialog.removeLV.name}`}
                             title={cockpit.format(_("Remove logical volume $0/$1?"), dialog.removeLV.vg, dialog.removeLV.name)}
                             submit={_("Remove")} act={typed => removeLV(dialog.removeLV.vg, dialog.removeLV.name, typed)}
                             onClose={() => setDialog(null)} onDone={done}>
                    <p>{_("Everything on it is lost. Refused while anything uses it.")}</p>
                </ConfirmName>}
            {dialog?.removeVG &&
                <ConfirmName test="vg-remove-modal" name={dialog.removeVG.name}
                             title={cockpit.format(_("Remove volume group $0?"), dialog.removeVG.name)}
                             submit={_("Remove")} act={typed => removeVG(dialog.removeVG.name, typed)}
                             onClose={() => setDialog(null)} onDone={done}>
                    <p>{_("Its disks become free. A volume group that still holds logical volumes is refused.")}</p>
                </ConfirmName>}
        </div>
    );
}

function VGForm({ onClose, onCreated }) {
    const [name, setName] = useState("");
    const [devices, setDevices] = useState([]);
    const { busy, error, submit } = useSubmit(() => createVG({ name, devices }), onCreated);
    return (
        <FormModal id="vg-form" test="vg-form" title={_("Create volume group")} onSubmit={submit} busy={busy}
                   submit={_("Create")} submitTest="vg-form-submit" error={error} onClose={onClose}>
            <FormField form="vg-form" id="name" label={_("Name")} isRequired value={name} onChange={(_id, v) => setName(v)} />
            <FreeDisks form="vg-form" chosen={devices} onChange={setDevices} />
        </FormModal>
    );
}

function LVForm({ vgs, onClose, onCreated }) {
    const [vg, setVG] = useState(vgs[0].name);
    const [name, setName] = useState("");
    const [size, setSize] = useState("");
    const bytesWanted = sizeBytes(size);
    const { busy, error, submit } = useSubmit(() => createLV({ vg, name, size: bytesWanted }), onCreated);
    return (
        <FormModal id="lv-form" test="lv-form" title={_("Create logical volume")} onSubmit={submit} busy={busy}
                   submit={_("Create")} submitTest="lv-form-submit" error={error} onClose={onClose} canSubmit={!!bytesWanted}>
            <FormField form="lv-form" id="vg" label={_("Volume group")}>
                <FormSelect id="lv-form-vg" value={vg} onChange={(_e, v) => setVG(v)} data-test="lv-form-field-vg">
                    {vgs.map(v => <FormSelectOption key={v.name} value={v.name} label={`${v.name} (${bytes(v.free)} ${_("free")})`} />)}
                </FormSelect>
            </FormField>
            <FormField form="lv-form" id="name" label={_("Name")} isRequired value={name} onChange={(_id, v) => setName(v)} />
            <FormField form="lv-form" id="size" label={_("Size")} isRequired value={size} onChange={(_id, v) => setSize(v)}
                       help={_("Like 500M or 10G")} problem={size && !bytesWanted ? _("Not a size") : undefined} />
        </FormModal>
    );
}
