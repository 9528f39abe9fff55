// The ZFS half of #/snapshots: pick a dataset, filter by name and owner, a
// page at a time; take, hold, release, clone, destroy (refused while held
// or cloned, naming them) and roll back (the dialog lists every snapshot
// and clone it destroys, and needs the dataset's name).
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { bytes } from "../../format.js";
import { MANAGE, OPERATE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { listDatasets } from "../../api/storage.js";
import {
    cloneZFSSnapshot, createZFSSnapshot, destroyZFSSnapshot, holdZFSSnapshot, listZFSSnapshots,
    releaseZFSSnapshot, rollbackPreview, rollbackZFS
} from "../../api/snapshots.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmName } from "../../components/ConfirmName.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { Time } from "../../components/Time.jsx";
import { StorageError, useSubmit } from "../storage/parts.jsx";
import { Owner, useDialog } from "./parts.jsx";

const LIMIT = 100;

export function ZFSSnapshots({ options }) {
    const { dataset = "", name = "", owner = "", recursive = "", cursor = "" } = options;
    const datasets = useResource(() => listDatasets({ limit: 1000 }), []);
    const { data, error, loading, reload } = useResource(
        () => listZFSSnapshots({ dataset: dataset || undefined, recursive: recursive === "true", name: name || undefined, owner: owner || undefined, cursor: cursor || undefined, limit: LIMIT }),
        [dataset, name, owner, recursive, cursor]);
    const [dialog, open, close] = useDialog();
    const filter = changes => go(["snapshots"], Object.fromEntries(Object.entries({ dataset, name, owner, recursive, ...changes, cursor: changes.cursor || "" }).filter(([, v]) => v)));
    const done = () => { close(); reload() };
    const from = Number(cursor || 0);

    return (
        <div data-test="zfs-snapshots">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect value={dataset} aria-label={_("Dataset")} data-test="snapshots-dataset"
                                    onChange={(_e, v) => filter({ dataset: v })}>
                            <FormSelectOption value="" label={_("Every dataset")} />
                            {(datasets.data?.datasets || []).map(d => <FormSelectOption key={d.name} value={d.name} label={d.name} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <Checkbox id="snapshots-recursive" label={_("and below")} isChecked={recursive === "true"} isDisabled={!dataset}
                                  data-test="snapshots-recursive" onChange={(_e, v) => filter({ recursive: v ? "true" : "" })} />
                    </ToolbarItem>
                    <ToolbarItem>
                        <TextInput aria-label={_("Name contains")} placeholder={_("Name contains")} defaultValue={name} data-test="snapshots-name"
                                   onKeyDown={e => e.key === "Enter" && filter({ name: e.target.value })} />
                    </ToolbarItem>
                    <ToolbarItem>
                        <FormSelect value={owner} aria-label={_("Owner")} data-test="snapshots-owner" onChange={(_e, v) => filter({ owner: v })}>
                            <FormSelectOption value="" label={_("Any owner")} />
                            <FormSelectOption value="none" label={_("Not made by BAMS")} />
                            <FormSelectOption value="manual" label={_("Made here (manual)")} />
                            {owner && !["none", "manual"].includes(owner) && <FormSelectOption value={owner} label={owner} />}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <ActionButton action={OPERATE} onClick={() => open("create")} data-test="snapshot-create">
                            {_("Take snapshot")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {loading && <Spinner aria-label={_("Loading")} />}
            <StorageError error={error} what={_("ZFS")} />
            {data && <>
                {(data.warnings || []).map(w => <p key={w} className="bams-muted">{w}</p>)}
                <Table variant="compact" aria-label={_("ZFS snapshots")} data-test="zfs-snapshots-table" data-total={data.total}>
                    <Thead>
                        <Tr>
                            <Th>{_("Snapshot")}</Th>
                            <Th>{_("Owner")}</Th>
                            <Th>{_("Created")}</Th>
                            <Th>{_("Used")}</Th>
                            <Th>{_("Referenced")}</Th>
                            <Th>{_("Holds")}</Th>
                            <Th>{_("Clones")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.snapshots.map(s =>
                            <Tr key={s.name} data-snapshot={s.name}>
                                <Td dataLabel={_("Snapshot")}>{s.name}</Td>
                                <Td dataLabel={_("Owner")}><Owner value={s.owner} /></Td>
                                <Td dataLabel={_("Created")}><Time value={s.created} /></Td>
                                <Td dataLabel={_("Used")}>{bytes(s.used)}</Td>
                                <Td dataLabel={_("Referenced")}>{bytes(s.referenced)}</Td>
                                <Td dataLabel={_("Holds")} data-test="snapshot-holds">{s.holds}</Td>
                                <Td dataLabel={_("Clones")} data-test="snapshot-clones">{s.clones.join(", ") || "-"}</Td>
                                <Td isActionCell>
                                    <ActionButton action={OPERATE} variant="secondary" size="sm" data-test="snapshot-hold" onClick={() => open("hold", s)}>
                                        {_("Hold")}
                                    </ActionButton>{" "}
                                    {s.holds > 0 &&
                                        <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="snapshot-release" onClick={() => open("release", s)}>
                                            {_("Release")}
                                        </ActionButton>}{" "}
                                    <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="snapshot-clone" onClick={() => open("clone", s)}>
                                        {_("Clone")}
                                    </ActionButton>{" "}
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="snapshot-rollback" onClick={() => open("rollback", s)}>
                                        {_("Roll back")}
                                    </ActionButton>{" "}
                                    <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="snapshot-destroy" onClick={() => open("destroy", s)}>
                                        {_("Destroy")}
                                    </ActionButton>
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>
                <p data-test="snapshots-paging">
                    {cockpit.format(_("$0–$1 of $2"), data.total ? from + 1 : 0, from + data.snapshots.length, data.total)}{" "}
                    {from > 0 &&
                        <Button variant="link" data-test="snapshots-previous" onClick={() => filter({ cursor: String(Math.max(0, from - LIMIT) || "") })}>
                            {_("Previous")}
                        </Button>}
                    {data.next &&
                        <Button variant="link" data-test="snapshots-next" onClick={() => filter({ cursor: data.next })}>{_("Next")}</Button>}
                </p>
            </>}
            {dialog?.kind === "create" && <CreateForm dataset={dataset} onClose={close} onDone={done} />}
            {(dialog?.kind === "hold" || dialog?.kind === "release") && <HoldForm kind={dialog.kind} snap={dialog.snap} onClose={close} onDone={done} />}
            {dialog?.kind === "clone" && <CloneForm snap={dialog.snap} onClose={close} onDone={done} />}
            {dialog?.kind === "destroy" &&
                <ConfirmName test="snapshot-destroy-modal" name={dialog.snap.name} submit={_("Destroy")}
                             title={cockpit.format(_("Destroy snapshot $0?"), dialog.snap.name)}
                             act={typed => destroyZFSSnapshot(dialog.snap.name, typed)} onClose={close} onDone={done}>
                    <p>{_("The data only this snapshot holds is lost. Refused while it is held or cloned.")}</p>
                    {!dialog.snap.owner && <p data-test="snapshot-destroy-foreign">{_("BAMS did not make this snapshot: another tool may rely on it.")}</p>}
                </ConfirmName>}
            {dialog?.kind === "rollback" && <RollbackDialog snap={dialog.snap} onClose={close} onDone={done} />}
        </div>
    );
}

function CreateForm({ dataset, onClose, onDone }) {
    const [req, setReq] = useState({ dataset, name: "", recursive: false });
    const set = (id, v) => setReq(r => ({ ...r, [id]: v }));
    const { busy, error, submit } = useSubmit(() => createZFSSnapshot(req), onDone);
    return (
        <FormModal id="snapshot-form" test="snapshot-form" title={_("Take a ZFS snapshot")} onSubmit={submit} busy={busy}
                   submit={_("Take")} submitTest="snapshot-form-submit" error={error} onClose={onClose}>
            <FormField form="snapshot-form" id="dataset" label={_("Dataset")} isRequired value={req.dataset} onChange={set}
                       problem={error?.field === "dataset" ? error.message : undefined} />
            <FormField form="snapshot-form" id="name" label={_("Name")} isRequired value={req.name} onChange={set}
                       help={_("The part after @; its owner will be manual")} problem={error?.field === "name" ? error.message : undefined} />
            <Checkbox id="snapshot-form-recursive" label={_("Every dataset below too, at the same instant")} isChecked={req.recursive}
                      data-test="snapshot-form-field-recursive" onChange={(_e, v) => set("recursive", v)} />
        </FormModal>
    );
}

function HoldForm({ kind, snap, onClose, onDone }) {
    const [tag, setTag] = useState("");
    const { busy, error, submit } = useSubmit(() => (kind === "hold" ? holdZFSSnapshot : releaseZFSSnapshot)(snap.name, tag), onDone);
    return (
        <FormModal id="hold-form" test="hold-form" onSubmit={submit} busy={busy} error={error} onClose={onClose}
                   title={cockpit.format(kind === "hold" ? _("Hold $0") : _("Release a hold on $0"), snap.name)}
                   submit={kind === "hold" ? _("Hold") : _("Release")} submitTest="hold-form-submit">
            <FormField form="hold-form" id="tag" label={_("Tag")} isRequired value={tag} onChange={(_id, v) => setTag(v)}
                       help={kind === "hold" ? _("While held, the snapshot cannot be destroyed") : _("Releasing a replication's hold lets its base be pruned")}
                       problem={error?.field === "tag" ? error.message : undefined} />
        </FormModal>
    );
}

function CloneForm({ snap, onClose, onDone }) {
    const [target, setTarget] = useState(`${snap.dataset}-${snap.snapshot}`);
    const { busy, error, submit } = useSubmit(() => cloneZFSSnapshot(snap.name, target), onDone);
    return (
        <FormModal id="clone-form" test="clone-form" onSubmit={submit} busy={busy} error={error} onClose={onClose}
                   title={cockpit.format(_("Clone $0"), snap.name)} submit={_("Clone")} submitTest="clone-form-submit">
            <FormField form="clone-form" id="target" label={_("New dataset")} isRequired value={target} onChange={(_id, v) => setTarget(v)}
                       help={_("While the clone exists the snapshot cannot be destroyed")}
                       problem={error?.field === "target" ? error.message : undefined} />
        </FormModal>
    );
}

// RollbackDialog shows the preview: every newer snapshot and clone that
// goes, or the holds that stop it; the rollback sends the preview's token,
// so bamsd refuses it if that list changed meanwhile.
function RollbackDialog({ snap, onClose, onDone }) {
    const { data, error } = useResource(() => rollbackPreview(snap.name), [snap.name]);
    if (!data)
        return (
            <FormModal id="rollback-modal" test="rollback-modal" title={cockpit.format(_("Roll back to $0?"), snap.name)} onClose={onClose}
                       submit={_("Roll back")} canSubmit={false} onSubmit={() => {}}>
                {error ? <ApiErrorAlert error={error} /> : <Spinner size="md" aria-label={_("Loading")} />}
            </FormModal>
        );
    const lost = [...data.newer, ...data.clones];
    return (
        <ConfirmName test="rollback-modal" name={data.dataset} submit={_("Roll back")}
                     title={cockpit.format(_("Roll $0 back to $1?"), data.dataset, snap.snapshot)}
                     act={typed => rollbackZFS(snap.name, typed, data.token)} onClose={onClose} onDone={onDone}>
            <p>{cockpit.format(_("Every change to $0 since this snapshot is lost."), data.dataset)}</p>
            {data.held.length > 0 &&
                <div data-test="rollback-held">
                    <p>{_("Refused while these newer snapshots are held; release them first:")}</p>
                    <List>{data.held.map(h => <ListItem key={h}>{h}</ListItem>)}</List>
                </div>}
            {lost.length > 0
                ? <div data-test="rollback-lost">
                    <p>{_("These are destroyed with it:")}</p>
                    <List>{lost.map(n => <ListItem key={n} data-test="rollback-lost-item" data-name={n}>{n}</ListItem>)}</List>
                </div>
                : <p data-test="rollback-nothing-else">{_("It is the newest snapshot: no snapshot or clone is destroyed.")}</p>}
        </ConfirmName>
    );
}
