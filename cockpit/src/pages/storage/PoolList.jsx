// #/storage/pools: ZFS pools with a health badge, a usage bar and who uses
// each; create one from free disks, export or destroy one (its name typed).
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createPool, destroyPool, exportPool, listPools } from "../../api/storage.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ConfirmName } from "../../components/ConfirmName.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { FreeDisks } from "./FreeDisks.jsx";
import { Health, StorageError, UsageBar, UsedBy, useSubmit } from "./parts.jsx";

export function PoolList() {
    const { data, error, loading, reload } = useResource(listPools, []);
    const [creating, setCreating] = useState(false);
    const [ending, setEnding] = useState(null); // { pool, how: "destroy" | "export" }

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <StorageError error={error} what={_("ZFS")} />;
    return (
        <div data-test="storage-pools">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="pool-create">
                            {_("Create pool")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <StorageError error={error} what={_("ZFS")} />
            <Table variant="compact" aria-label={_("ZFS pools")} data-test="pools-table">
                <Thead>
                    <Tr>
                        <Th>{_("Pool")}</Th>
                        <Th>{_("Health")}</Th>
                        <Th>{_("Size")}</Th>
                        <Th width={25}>{_("Used")}</Th>
                        <Th>{_("Used by")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {data.pools.map(p =>
                        <Tr key={p.name} data-pool={p.name}>
                            <Td dataLabel={_("Pool")}><a href={`#/storage/pools/${encodeURIComponent(p.name)}`}>{p.name}</a></Td>
                            <Td dataLabel={_("Health")}><Health value={p.health} /></Td>
                            <Td dataLabel={_("Size")}>{bytes(p.size)}</Td>
                            <Td dataLabel={_("Used")}><UsageBar used={p.allocated} size={p.size} /></Td>
                            <Td dataLabel={_("Used by")}><UsedBy users={p.used_by} /></Td>
                            <Td isActionCell>
                                <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="pool-export"
                                              onClick={() => setEnding({ pool: p, how: "export" })}>
                                    {_("Export")}
                                </ActionButton>{" "}
                                <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="pool-destroy"
                                              onClick={() => setEnding({ pool: p, how: "destroy" })}>
                                    {_("Destroy")}
                                </ActionButton>
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
            {creating && <PoolForm onClose={() => setCreating(false)} onCreated={() => { setCreating(false); reload() }} />}
            {ending &&
                <ConfirmName test={`pool-${ending.how}-modal`} name={ending.pool.name}
                             title={cockpit.format(ending.how === "destroy" ? _("Destroy pool $0?") : _("Export pool $0?"), ending.pool.name)}
                             submit={ending.how === "destroy" ? _("Destroy") : _("Export")}
                             act={typed => (ending.how === "destroy" ? destroyPool : exportPool)(ending.pool.name, typed)}
                             onClose={() => setEnding(null)} onDone={() => { setEnding(null); reload() }}>
                    <p>
                        {ending.how === "destroy"
                            ? _("Every dataset, volume and snapshot in the pool is lost. Refused while anything uses the pool.")
                            : _("The pool leaves this machine until it is imported again. Refused while anything uses it.")}
                    </p>
                </ConfirmName>}
        </div>
    );
}

const LAYOUTS = [["", _("Single disks (no redundancy)")], ["mirror", _("Mirror")], ["raidz1", "RAID-Z1"], ["raidz2", "RAID-Z2"], ["raidz3", "RAID-Z3"]];

function PoolForm({ onClose, onCreated }) {
    const [name, setName] = useState("");
    const [type, setType] = useState("mirror");
    const [devices, setDevices] = useState([]);
    const data = type === "" ? devices.map(d => ({ devices: [d] })) : [{ type, devices }];
    const { busy, error, submit } = useSubmit(() => createPool({ name, data }), onCreated);
    return (
        <FormModal id="pool-form" test="pool-form" title={_("Create ZFS pool")} onSubmit={submit} busy={busy}
                   submit={_("Create")} submitTest="pool-form-submit" error={error} onClose={onClose}>
            <FormField form="pool-form" id="name" label={_("Name")} isRequired value={name} onChange={(_id, v) => setName(v)}
                       problem={error?.field === "name" ? error.message : undefined} />
            <FormField form="pool-form" id="layout" label={_("Layout")}>
                <FormSelect id="pool-form-layout" value={type} onChange={(_e, v) => setType(v)} data-test="pool-form-field-layout">
                    {LAYOUTS.map(([v, label]) => <FormSelectOption key={v} value={v} label={label} />)}
                </FormSelect>
            </FormField>
            <FreeDisks form="pool-form" chosen={devices} onChange={setDevices} />
        </FormModal>
    );
}
