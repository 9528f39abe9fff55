// #/storage/btrfs: btrfs filesystems with usage, profiles, devices and the
// last scrub (started here as a task, followed live); the subvolumes of a
// mounted one; make a filesystem on free disks, subvolumes and read-only
// snapshots, delete a subvolume (its path typed).
import { useState } from "react";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createBtrfs, createSubvolume, deleteSubvolume, listBtrfs, listSubvolumes, scrubBtrfs, stopBtrfsScrub } from "../../api/storage.js";
import { bytes } from "../../format.js";
import { MANAGE, OPERATE, READ } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmName } from "../../components/ConfirmName.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { FreeDisks } from "./FreeDisks.jsx";
import { StorageError, UsageBar, UsedBy, useScrub, useSubmit } from "./parts.jsx";

export function BtrfsList() {
    const { data, error, loading, reload } = useResource(listBtrfs, []);
    const [creating, setCreating] = useState(false);
    const [open, setOpen] = useState(null); // the uuid whose subvolumes show
    const scrub = useScrub(scrubBtrfs, reload);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <StorageError error={error} what={_("btrfs")} />;
    const shown = data.filesystems.find(f => f.uuid === open);
    return (
        <div data-test="storage-btrfs">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="btrfs-create">
                            {_("Create filesystem")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <StorageError error={error} what={_("btrfs")} />
            <ApiErrorAlert error={scrub.error} />
            {scrub.task &&
                <div data-test="btrfs-scrub-task" data-state={scrub.task.state}><TaskProgress task={scrub.task} /></div>}
            <Table variant="compact" aria-label={_("btrfs filesystems")} data-test="btrfs-table">
                <Thead>
                    <Tr>
                        <Th>{_("Filesystem")}</Th>
                        <Th>{_("Mounted on")}</Th>
                        <Th width={20}>{_("Used")}</Th>
                        <Th>{_("Profiles")}</Th>
                        <Th>{_("Devices")}</Th>
                        <Th>{_("Last scrub")}</Th>
                        <Th>{_("Used by")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {data.filesystems.map(f =>
                        <Tr key={f.uuid} data-btrfs={f.uuid} data-label={f.label || ""}>
                            <Td dataLabel={_("Filesystem")}>{f.label || f.uuid}{f.missing && <span className="bams-muted"> {_("(devices missing)")}</span>}</Td>
                            <Td dataLabel={_("Mounted on")}>{f.mountpoint || <span className="bams-muted">{_("not mounted")}</span>}</Td>
                            <Td dataLabel={_("Used")}><UsageBar used={f.used} size={f.size} /></Td>
                            <Td dataLabel={_("Profiles")}>{f.data_profile ? `${f.data_profile} / ${f.metadata_profile}` : "-"}</Td>
                            <Td dataLabel={_("Devices")}>{f.devices.map(d => d.path || _("missing")).join(", ")}</Td>
                            <Td dataLabel={_("Last scrub")} data-test="btrfs-scrub-state">{f.scrub ? `${f.scrub.status}, ${f.scrub.errors}` : "-"}</Td>
                            <Td dataLabel={_("Used by")}><UsedBy users={f.used_by} /></Td>
                            <Td isActionCell>
                                {f.mountpoint && <>
                                    {f.scrub?.status === "running"
                                        ? <ActionButton action={OPERATE} variant="secondary" size="sm" data-test="btrfs-scrub-stop"
                                                        onClick={() => stopBtrfsScrub(f.uuid).then(reload, scrub.fail)}>
                                            {_("Stop scrub")}
                                        </ActionButton>
                                        : <ActionButton action={OPERATE} variant="secondary" size="sm" data-test="btrfs-scrub"
                                                        isDisabled={scrub.running} onClick={() => scrub.start(f.uuid)}>
                                            {_("Scrub")}
                                        </ActionButton>}{" "}
                                    <ActionButton action={READ} variant="link" size="sm" data-test="btrfs-subvolumes"
                                                  onClick={() => setOpen(open === f.uuid ? null : f.uuid)}>
                                        {_("Subvolumes")}
                                    </ActionButton>
                                </>}
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
            {shown && <Subvolumes key={shown.uuid} fs={shown} />}
            {creating && <BtrfsForm onClose={() => setCreating(false)} onCreated={() => { setCreating(false); reload() }} />}
        </div>
    );
}

function Subvolumes({ fs }) {
    const { data, error, loading, reload } = useResource(() => listSubvolumes(fs.uuid), [fs.uuid]);
    const [dialog, setDialog] = useState(null); // { create: snapshotOf | "" } | { remove: subvolume }
    const done = () => { setDialog(null); reload() };
    return (
        <div data-test="subvolumes" data-btrfs={fs.uuid}>
            <Title headingLevel="h3">{cockpit.format(_("Subvolumes of $0"), fs.label || fs.uuid)}</Title>
            <ActionButton action={MANAGE} size="sm" onClick={() => setDialog({ create: "" })} data-test="subvolume-create">
                {_("Create subvolume")}
            </ActionButton>
            {loading && <Spinner size="md" aria-label={_("Loading")} />}
            <StorageError error={error} what={_("btrfs")} />
            {data &&
                <Table variant="compact" aria-label={_("Subvolumes")} data-test="subvolumes-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Path")}</Th>
                            <Th>{_("Read-only")}</Th>
                            {data.quotas && <Th>{_("Referenced")}</Th>}
                            {data.quotas && <Th>{_("Exclusive")}</Th>}
                            <Th>{_("Used by")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.subvolumes.map(s =>
                            <Tr key={s.id} data-subvolume={s.path}>
                                <Td dataLabel={_("Path")}>{s.path}</Td>
                                <Td dataLabel={_("Read-only")}>{s.read_only ? _("yes (snapshot)") : _("no")}</Td>
                                {data.quotas && <Td>{bytes(s.referenced)}</Td>}
                                {data.quotas && <Td>{bytes(s.exclusive)}</Td>}
                                <Td dataLabel={_("Used by")}><UsedBy users={s.used_by} /></Td>
                                <Td isActionCell>
                                    <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="subvolume-snapshot"
                                                  onClick={() => setDialog({ create: s.path })}>
                                        {_("Snapshot")}
                                    </ActionButton>{" "}
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="subvolume-delete"
                                                  onClick={() => setDialog({ remove: s })}>
                                        {_("Delete")}
                                    </ActionButton>
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {dialog && "create" in dialog &&
                <SubvolumeForm fs={fs} snapshotOf={dialog.create} onClose={() => setDialog(null)} onCreated={done} />}
            {dialog?.remove &&
                <ConfirmName test="subvolume-delete-modal" name={dialog.remove.path} submit={_("Delete")}
                             title={cockpit.format(_("Delete subvolume $0?"), dialog.remove.path)}
                             act={typed => deleteSubvolume(fs.uuid, dialog.remove.path, typed)}
                             onClose={() => setDialog(null)} onDone={done}>
                    <p>{_("Its files are lost. Refused while anything uses it.")}</p>
                </ConfirmName>}
        </div>
    );
}

function SubvolumeForm({ fs, snapshotOf, onClose, onCreated }) {
    const [path, setPath] = useState(snapshotOf ? `${snapshotOf}@${new Date().toISOString().slice(0, 10)}` : `${fs.mountpoint}/`);
    const { busy, error, submit } = useSubmit(() => createSubvolume(fs.uuid, { path, snapshot_of: snapshotOf || undefined }), onCreated);
    return (
        <FormModal id="subvolume-form" test="subvolume-form" onSubmit={submit} busy={busy} error={error} onClose={onClose}
                   title={snapshotOf ? cockpit.format(_("Read-only snapshot of $0"), snapshotOf) : _("Create subvolume")}
                   submit={_("Create")} submitTest="subvolume-form-submit">
            <FormField form="subvolume-form" id="path" label={_("Path")} isRequired value={path} onChange={(_id, v) => setPath(v)}
                       problem={error?.field === "path" ? error.message : undefined} />
        </FormModal>
    );
}

function BtrfsForm({ onClose, onCreated }) {
    const [label, setLabel] = useState("");
    const [mountpoint, setMountpoint] = useState("");
    const [devices, setDevices] = useState([]);
    const { busy, error, submit } = useSubmit(() => createBtrfs({ devices, label: label || undefined, mountpoint: mountpoint || undefined }), onCreated);
    return (
        <FormModal id="btrfs-form" test="btrfs-form" title={_("Create btrfs filesystem")} onSubmit={submit} busy={busy}
                   submit={_("Create")} submitTest="btrfs-form-submit" error={error} onClose={onClose}>
            <FormField form="btrfs-form" id="label" label={_("Label")} value={label} onChange={(_id, v) => setLabel(v)} />
            <FormField form="btrfs-form" id="mountpoint" label={_("Mount on")} value={mountpoint} onChange={(_id, v) => setMountpoint(v)}
                       help={_("An absolute folder; left empty, the filesystem is not mounted")}
                       problem={error?.field === "mountpoint" ? error.message : undefined} />
            <FreeDisks form="btrfs-form" chosen={devices} onChange={setDevices} />
        </FormModal>
    );
}
