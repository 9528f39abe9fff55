// The btrfs half of #/snapshots: the read-only snapshots BAMS owns of one
// subvolume (in its .bams-snapshots folder), what else lies there (never
// deleted), take one (owner manual) and delete an owned one, its path typed.
import { useState } from "react";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { MANAGE, OPERATE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { createBtrfsSnapshot, deleteBtrfsSnapshot, listBtrfsSnapshots } from "../../api/snapshots.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ConfirmName } from "../../components/ConfirmName.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { Time } from "../../components/Time.jsx";
import { StorageError, useSubmit } from "../storage/parts.jsx";
import { Owner, useDialog } from "./parts.jsx";

export function BtrfsSnapshots({ subvolume }) {
    const { data, error, loading, reload } = useResource(
        () => (subvolume ? listBtrfsSnapshots(subvolume) : Promise.resolve(null)), [subvolume]);
    const [dialog, open, close] = useDialog();
    const done = () => { close(); reload() };
    return (
        <div data-test="btrfs-snapshots">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <TextInput aria-label={_("Subvolume")} placeholder={_("Subvolume path, Enter to list")} defaultValue={subvolume}
                                   data-test="snapshots-subvolume"
                                   onKeyDown={e => e.key === "Enter" && go(["snapshots", "btrfs"], { subvolume: e.target.value })} />
                    </ToolbarItem>
                    <ToolbarItem>
                        <ActionButton action={OPERATE} isDisabled={!subvolume} onClick={() => open("create")} data-test="btrfs-snapshot-create">
                            {_("Take snapshot")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {subvolume && loading && <Spinner aria-label={_("Loading")} />}
            <StorageError error={error} what={_("btrfs")} />
            {data &&
                <Table variant="compact" aria-label={_("btrfs snapshots")} data-test="btrfs-snapshots-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Snapshot")}</Th>
                            <Th>{_("Owner")}</Th>
                            <Th>{_("Created")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.snapshots.map(s =>
                            <Tr key={s.path} data-snapshot={s.path}>
                                <Td dataLabel={_("Snapshot")}>{s.path}</Td>
                                <Td dataLabel={_("Owner")}><Owner value={s.owner} /></Td>
                                <Td dataLabel={_("Created")}><Time value={s.created} /></Td>
                                <Td isActionCell>
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="btrfs-snapshot-delete"
                                                  onClick={() => open("delete", s)}>
                                        {_("Delete")}
                                    </ActionButton>
                                </Td>
                            </Tr>)}
                        {data.other.map(o =>
                            <Tr key={o} data-other={o}>
                                <Td dataLabel={_("Snapshot")}>{o}</Td>
                                <Td dataLabel={_("Owner")}><Owner value="" /></Td>
                                <Td />
                                <Td />
                            </Tr>)}
                    </Tbody>
                </Table>}
            {dialog?.kind === "create" && <CreateForm subvolume={subvolume} onClose={close} onDone={done} />}
            {dialog?.kind === "delete" &&
                <ConfirmName test="btrfs-snapshot-delete-modal" name={dialog.snap.path} submit={_("Delete")}
                             title={cockpit.format(_("Delete snapshot $0?"), dialog.snap.path)}
                             act={typed => deleteBtrfsSnapshot(subvolume, dialog.snap.owner, dialog.snap.name, typed)}
                             onClose={close} onDone={done}>
                    <p>{_("The data only this snapshot holds is lost.")}</p>
                </ConfirmName>}
        </div>
    );
}

function CreateForm({ subvolume, onClose, onDone }) {
    const [name, setName] = useState("");
    const { busy, error, submit } = useSubmit(() => createBtrfsSnapshot(subvolume, name), onDone);
    return (
        <FormModal id="btrfs-snapshot-form" test="btrfs-snapshot-form" onSubmit={submit} busy={busy} error={error} onClose={onClose}
                   title={cockpit.format(_("Read-only snapshot of $0"), subvolume)} submit={_("Take")} submitTest="btrfs-snapshot-form-submit">
            <FormField form="btrfs-snapshot-form" id="name" label={_("Name")} isRequired value={name} onChange={(_id, v) => setName(v)}
                       help={_("Kept in .bams-snapshots/manual/ inside the subvolume")}
                       problem={error?.field === "name" ? error.message : undefined} />
        </FormModal>
    );
}
