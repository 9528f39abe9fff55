// The delete guard: a repository in use is refused, naming each user; else
// it says what is lost, and the name must be typed. The API checks both
// again (its 400 says how many files and bytes the repository holds).
import { useState } from "react";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteRepository } from "../../api/repositories.js";
import { bytes } from "../../format.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { visible } from "../../visible.js";
import { KIND_LABELS, usersText } from "./RepositoriesPage.jsx";

export function DeleteRepositoryModal({ repo, onClose, onDeleted }) {
    const [typed, setTyped] = useState("");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const inUse = (repo.used_by || []).length > 0;

    const remove = () => {
        setBusy(true);
        setError(null);
        deleteRepository(repo.id, typed).then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <FormModal id="repo-delete-form" test="repo-delete-modal" title={cockpit.format(_("Delete repository $0?"), repo.name)}
                   danger onSubmit={inUse ? undefined : remove} busy={busy} error={error} onClose={onClose}
                   submit={inUse ? undefined : _("Delete")} submitTest="repo-delete-confirm" canSubmit={typed === repo.name}>
            {inUse
                ? <p data-test="repo-delete-refused">
                    {cockpit.format(_("It is in use by $0: move or delete them first."), usersText(repo.used_by))}
                </p>
                : <>
                    <p data-test="repo-delete-lost">
                        {repo.kind === "folder"
                            ? cockpit.format(_("BAMS forgets this repository; its files stay in $0."), visible(repo.mountpoint))
                            : cockpit.format(_("The $0 $1 is destroyed with everything in it ($2 used)."),
                                             KIND_LABELS[repo.kind], visible(repo.backing.name), bytes(repo.used || 0))}
                    </p>
                    <FormField form="repo-delete" id="name" label={cockpit.format(_("Type $0 to confirm"), repo.name)}>
                        <TextInput id="repo-delete-name" value={typed} onChange={(_e, v) => setTyped(v)} data-test="repo-delete-name" />
                    </FormField>
                </>}
        </FormModal>
    );
}
