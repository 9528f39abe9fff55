// #/repositories: the places backups go, with their size, health and who
// uses them; a wizard creates one (a task), and the delete guard says what
// is lost and asks for the name.
import { useState } from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listRepositories } from "../../api/repositories.js";
import { bytes } from "../../format.js";
import { MANAGE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { visible } from "../../visible.js";
import { DeleteRepositoryModal } from "./DeleteRepositoryModal.jsx";
import { RepositoryWizard } from "./RepositoryWizard.jsx";

export const KIND_LABELS = {
    "zfs-dataset": _("ZFS dataset"),
    "zfs-volume": _("ZFS volume"),
    "lvm-lv": _("LVM logical volume"),
    "btrfs-subvol": _("btrfs subvolume"),
    folder: _("Folder"),
};

const USER_LABELS = { host: _("host"), "bacula-device": _("Bacula device"), "iscsi-lun": _("iSCSI LUN"), replication: _("replication") };

export function usersText(users) {
    return (users || []).map(u => `${USER_LABELS[u.kind] || u.kind} ${visible(u.name)}`).join(", ");
}

function Health({ repo }) {
    const color = repo.health === "online" ? "green" : repo.health === "unavailable" ? "red" : "orange";
    return <Label color={color} isCompact data-test="repo-health">{repo.health}</Label>;
}

function Usage({ repo }) {
    if (!repo.size)
        return "-";
    const pct = Math.round(100 * repo.used / repo.size);
    return <span title={`${bytes(repo.free)} ${_("free")}`}>{bytes(repo.used)} / {bytes(repo.size)} ({pct}%)</span>;
}

export function RepositoriesPage() {
    const { data, error, loading, reload } = useResource(listRepositories, []);
    const [creating, setCreating] = useState(false);
    const [deleting, setDeleting] = useState(null);
    useReloadOn(["task-state"], reload); // a create ending, a backup filling one

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    return (
        <div data-test="repositories">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="repo-create">
                            {_("Create repository")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error} />
            {data &&
                <Table variant="compact" aria-label={_("Repositories")} data-test="repos-table">
                    <Thead>
                        <Tr>
                            <Th modifier="wrap">{_("Repository")}</Th>
                            <Th>{_("Kind")}</Th>
                            <Th>{_("Backed by")}</Th>
                            <Th>{_("Mountpoint")}</Th>
                            <Th>{_("Used")}</Th>
                            <Th>{_("Health")}</Th>
                            <Th modifier="wrap">{_("Used by")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.repositories.map(r =>
                            <Tr key={r.id} data-repo={r.id}>
                                <Td dataLabel={_("Repository")}>{r.name}</Td>
                                <Td dataLabel={_("Kind")}>{KIND_LABELS[r.kind] || r.kind}{r.filesystem ? ` (${r.filesystem})` : ""}</Td>
                                <Td dataLabel={_("Backed by")}>{visible(r.backing.name)}</Td>
                                <Td dataLabel={_("Mountpoint")}>{visible(r.mountpoint)}</Td>
                                <Td dataLabel={_("Used")}><Usage repo={r} /></Td>
                                <Td dataLabel={_("Health")}><Health repo={r} /></Td>
                                <Td dataLabel={_("Used by")} data-test="repo-used-by">{usersText(r.used_by) || "-"}</Td>
                                <Td isActionCell>
                                    {r.id !== "default" &&
                                        <ActionButton action={MANAGE} variant="secondary" isDanger size="sm"
                                                      onClick={() => setDeleting(r)} data-test="repo-delete">
                                            {_("Delete")}
                                        </ActionButton>}
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {creating && <RepositoryWizard onClose={() => setCreating(false)} onCreated={reload} />}
            {deleting &&
                <DeleteRepositoryModal repo={deleting} onClose={() => setDeleting(null)}
                                       onDeleted={() => { setDeleting(null); reload() }} />}
        </div>
    );
}
