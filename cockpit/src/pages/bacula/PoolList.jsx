// #/bacula/pools: the director's pools with their volumes and limits;
// create (manage) and delete the ones BAMS wrote.
import { useState } from "react";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteBaculaPool, listBaculaPools } from "../../api/baculaStorage.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ConfirmDelete } from "../../components/ConfirmDelete.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { PoolForm } from "./PoolForm.jsx";
import { retention } from "./units.js";

const limit = (n, show = String) => (n ? show(n) : _("no limit"));

export function PoolList() {
    const { data, error, loading, reload } = useResource(listBaculaPools, []);
    const [creating, setCreating] = useState(false);
    const [deleting, setDeleting] = useState(null);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <BaculaError error={error} />;
    return (
        <div data-test="bacula-pools">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="pool-create">
                            {_("Create pool")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <BaculaError error={error} />
            <Table variant="compact" aria-label={_("Pools")} data-test="pools-table">
                <Thead>
                    <Tr>
                        <Th>{_("Pool")}</Th>
                        <Th>{_("Type")}</Th>
                        <Th>{_("Volumes")}</Th>
                        <Th>{_("Volume size")}</Th>
                        <Th>{_("Retention")}</Th>
                        <Th>{_("Data")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {data.pools.map(p =>
                        <Tr key={p.name} data-pool={p.name}>
                            <Td dataLabel={_("Pool")}>
                                <a href={`#/bacula/volumes?pool=${encodeURIComponent(p.name)}`}>{p.name}</a>
                                {p.managed && <span className="bams-muted"> {_("(BAMS)")}</span>}
                            </Td>
                            <Td dataLabel={_("Type")}>{p.type}</Td>
                            <Td dataLabel={_("Volumes")}>{p.volumes} / {limit(p.maximum_volumes)}</Td>
                            <Td dataLabel={_("Volume size")}>{limit(p.maximum_volume_bytes, bytes)}</Td>
                            <Td dataLabel={_("Retention")}>{retention(p.volume_retention_seconds)}</Td>
                            <Td dataLabel={_("Data")}>{bytes(p.bytes)}</Td>
                            <Td isActionCell>
                                {p.managed &&
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm"
                                                  onClick={() => setDeleting(p)} data-test="pool-delete">
                                        {_("Delete")}
                                    </ActionButton>}
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
            {creating && <PoolForm onClose={() => setCreating(false)} onCreated={reload} />}
            {deleting &&
                <ConfirmDelete test="pool-delete-modal" title={cockpit.format(_("Delete pool $0?"), deleting.name)}
                               remove={() => deleteBaculaPool(deleting.name)} onClose={() => setDeleting(null)}
                               onDeleted={() => { setDeleting(null); reload() }}>
                    <p>{_("Its resource file is removed and the director reloaded. A pool that still holds volumes, or that a job uses, is refused.")}</p>
                </ConfirmDelete>}
        </div>
    );
}
