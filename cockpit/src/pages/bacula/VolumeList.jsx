// #/bacula/volumes?pool=: the catalog's volumes, by pool; label new ones,
// change or delete them (manage).
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listBaculaPools, listBaculaVolumes } from "../../api/baculaStorage.js";
import { bytes } from "../../format.js";
import { go } from "../../location.js";
import { MANAGE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { VolumeDeleteModal } from "./VolumeDeleteModal.jsx";
import { VolumeEditForm } from "./VolumeEditForm.jsx";
import { VolumeLabelForm } from "./VolumeLabelForm.jsx";
import { retention } from "./units.js";

async function load(pool) {
    const [volumes, pools] = await Promise.all([listBaculaVolumes({ pool }), listBaculaPools()]);
    return { volumes: volumes.volumes, pools: pools.pools.map(p => p.name) };
}

export function VolumeList({ options }) {
    const pool = options.pool || "";
    const { data, error, loading, reload } = useResource(() => load(pool), [pool]);
    const [labelling, setLabelling] = useState(false);
    const [editing, setEditing] = useState(null);
    const [deleting, setDeleting] = useState(null);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <BaculaError error={error} />;
    return (
        <div data-test="bacula-volumes">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Pool")} value={pool} data-test="filter-pool"
                                    onChange={(_e, v) => go(["bacula", "volumes"], v ? { pool: v } : {})}>
                            <FormSelectOption value="" label={_("Any pool")} />
                            {data.pools.map(p => <FormSelectOption key={p} value={p} label={p} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setLabelling(true)} data-test="volume-label">
                            {_("Label volume")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <BaculaError error={error} />
            {data.volumes.length === 0 && <p className="bams-muted" data-test="volumes-empty">{_("No volumes.")}</p>}
            {data.volumes.length > 0 &&
                <Table variant="compact" aria-label={_("Volumes")} data-test="volumes-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Volume")}</Th>
                            <Th>{_("Pool")}</Th>
                            <Th>{_("Status")}</Th>
                            <Th>{_("Used")}</Th>
                            <Th>{_("Jobs")}</Th>
                            <Th>{_("Retention")}</Th>
                            <Th>{_("Last written")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.volumes.map(v =>
                            <Tr key={v.name} data-volume={v.name} data-status={v.status}>
                                <Td dataLabel={_("Volume")}>
                                    <a href={`#/bacula/media/${encodeURIComponent(v.name)}`}>{v.name}</a>
                                </Td>
                                <Td dataLabel={_("Pool")}>{v.pool}</Td>
                                <Td dataLabel={_("Status")}>{v.status}{v.recycle ? "" : ` ${_("(no recycling)")}`}</Td>
                                <Td dataLabel={_("Used")}>
                                    {bytes(v.bytes)}{v.maximum_bytes ? ` / ${bytes(v.maximum_bytes)}` : ""}
                                </Td>
                                <Td dataLabel={_("Jobs")}>{v.jobs}</Td>
                                <Td dataLabel={_("Retention")}>{retention(v.retention_seconds)}</Td>
                                <Td dataLabel={_("Last written")}><Time value={v.last_written} /></Td>
                                <Td isActionCell>
                                    <ActionButton action={MANAGE} variant="secondary" size="sm"
                                                  onClick={() => setEditing(v)} data-test="volume-edit">
                                        {_("Change")}
                                    </ActionButton>{" "}
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm"
                                                  onClick={() => setDeleting(v)} data-test="volume-delete">
                                        {_("Delete")}
                                    </ActionButton>
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {labelling &&
                <VolumeLabelForm pools={data.pools} pool={pool} onClose={() => setLabelling(false)} onLabelled={reload} />}
            {editing && <VolumeEditForm volume={editing} onClose={() => setEditing(null)} onSaved={reload} />}
            {deleting && <VolumeDeleteModal volume={deleting} onClose={() => setDeleting(null)} onDeleted={reload} />}
        </div>
    );
}
