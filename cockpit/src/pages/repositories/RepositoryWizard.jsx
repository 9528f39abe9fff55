// Creating a repository: first its kind, then what that kind needs, then
// the task that makes it, followed here to its end. A 400 shows at its field.
import { useState } from "react";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createRepository } from "../../api/repositories.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState, isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { parseSize } from "../bacula/units.js";
import { visibleText } from "../../visible.js";
import { KIND_LABELS } from "./RepositoriesPage.jsx";

const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

// What each kind asks for, and what it makes.
const KINDS = {
    "zfs-dataset": { fields: ["parent", "size", "compression", "mountpoint"], about: _("A new ZFS filesystem dataset, mounted by BAMS.") },
    "zfs-volume": { fields: ["parent", "size", "filesystem", "mountpoint"], about: _("A new ZFS volume with an ext4 or xfs filesystem on it.") },
    "lvm-lv": { fields: ["parent", "size", "filesystem", "mountpoint"], about: _("A new LVM logical volume with an ext4 or xfs filesystem on it.") },
    "btrfs-subvol": { fields: ["path"], about: _("A new subvolume inside a mounted btrfs filesystem.") },
    folder: { fields: ["path"], about: _("An existing folder; BAMS makes it private (mode 0700).") },
};

const LABELS = {
    parent: { "zfs-dataset": _("Pool or dataset"), "zfs-volume": _("Pool or dataset"), "lvm-lv": _("Volume group") },
    path: { "btrfs-subvol": _("Subvolume path"), folder: _("Folder") },
};

const HELP = {
    path: { "btrfs-subvol": _("Absolute path of the new subvolume; its parent folder must be on a mounted btrfs"), folder: _("An existing folder, as an absolute path") },
    size: { "zfs-dataset": _("Quota, like 500G; empty for none"), "zfs-volume": _("Like 100G"), "lvm-lv": _("Like 100G") },
    mountpoint: _("Empty: under the repositories' root, by name"),
};

export function RepositoryWizard({ onClose, onCreated }) {
    const [kind, setKind] = useState(null);
    const [f, setF] = useState({ name: "", path: "", parent: "", size: "", filesystem: "ext4", compression: "lz4", mountpoint: "" });
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const { task, follow } = useFollowedTask();
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    const field = (id, props) =>
        <FormField form="repo" id={id} value={f[id]} onChange={set} problem={problems[id]} {...props} />;

    const create = () => {
        const want = KINDS[kind].fields;
        const repo = { name: f.name.trim(), kind };
        for (const k of want) {
            const v = k === "size" ? parseSize(f.size) : f[k].trim();
            if (v)
                repo[k] = v;
        }
        const found = {};
        if (!NAME.test(repo.name))
            found.name = _("1-63 lowercase letters, digits, '_', '.' or '-', starting with a letter or digit");
        if (want.includes("size") && isNaN(repo.size))
            found.size = _("Like 500M, 5G or 1T");
        setProblems(found);
        setError(null);
        if (Object.keys(found).length)
            return;
        setBusy(true);
        createRepository(repo)
                .then(follow)
                .catch(e => (e.field in f ? setProblems({ [e.field]: e.message }) : setError(e)))
                .finally(() => setBusy(false));
    };

    if (task) {
        const done = isDone(task.state);
        return (
            <FormModal id="repo-task" test="repo-task" title={cockpit.format(_("Creating repository $0"), task.target)}
                       closeLabel={done ? _("Close") : _("Hide")} closeTest="repo-task-close"
                       onClose={() => { if (task.state === "succeeded") onCreated(); onClose() }}>
                <TaskState task={task} />
                <TaskProgress task={task} />
                {task.error && <p data-test="repo-task-error">{visibleText(task.error)}</p>}
            </FormModal>
        );
    }
    if (!kind) {
        return (
            <FormModal id="repo-kind" test="repo-wizard" title={_("Create repository")} variant="medium"
                       onSubmit={() => setKind(f.kind)} submit={_("Next")} submitTest="repo-next" canSubmit={!!f.kind} onClose={onClose}>
                {Object.entries(KINDS).map(([k, { about }]) =>
                    <Radio key={k} id={`repo-kind-${k}`} name="repo-kind" label={KIND_LABELS[k]} description={about}
                           isChecked={f.kind === k} onChange={() => set("kind", k)} data-test={`repo-kind-${k}`} />)}
            </FormModal>
        );
    }
    const want = KINDS[kind].fields;
    return (
        <FormModal id="repo-form" test="repo-wizard" title={cockpit.format(_("New $0"), KIND_LABELS[kind])} variant="medium" isHorizontal
                   description={KINDS[kind].about} onSubmit={create} busy={busy} error={error} onClose={onClose}
                   submit={_("Create")} submitTest="repo-save">
            {field("name", { label: _("Name"), isRequired: true, help: _("Also its id; hosts name it") })}
            {want.includes("path") && field("path", { label: LABELS.path[kind], isRequired: true, help: HELP.path[kind] })}
            {want.includes("parent") && field("parent", { label: LABELS.parent[kind], isRequired: true })}
            {want.includes("size") && field("size", { label: _("Size"), isRequired: kind !== "zfs-dataset", help: HELP.size[kind] })}
            {want.includes("filesystem") &&
                <FormField form="repo" id="filesystem" label={_("Filesystem")} problem={problems.filesystem}>
                    <FormSelect id="repo-filesystem" value={f.filesystem} onChange={(_e, v) => set("filesystem", v)} data-test="repo-filesystem">
                        <FormSelectOption value="ext4" label="ext4" />
                        <FormSelectOption value="xfs" label="xfs" />
                    </FormSelect>
                </FormField>}
            {want.includes("compression") &&
                <FormField form="repo" id="compression" label={_("Compression")} problem={problems.compression}>
                    <FormSelect id="repo-compression" value={f.compression} onChange={(_e, v) => set("compression", v)} data-test="repo-compression">
                        {["lz4", "zstd", "off"].map(c => <FormSelectOption key={c} value={c} label={c} />)}
                    </FormSelect>
                </FormField>}
            {want.includes("mountpoint") && field("mountpoint", { label: _("Mountpoint"), help: HELP.mountpoint })}
        </FormModal>
    );
}
