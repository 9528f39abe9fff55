// Deletes a volume's catalog record. A volume that holds jobs is refused
// (409 naming them); the user may then confirm dropping those jobs from the
// catalog too (force), and sees which were dropped.
import { useState } from "react";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteBaculaVolume } from "../../api/baculaStorage.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormModal } from "../../components/FormModal.jsx";

export function VolumeDeleteModal({ volume, onClose, onDeleted }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [refused, setRefused] = useState(null);
    const [force, setForce] = useState(false);
    const [done, setDone] = useState(null);

    const remove = () => {
        setBusy(true);
        setError(null);
        deleteBaculaVolume(volume.name, force)
                .then(answer => { setDone(answer); onDeleted() })
                .catch(e => (e.kind === "conflict" ? setRefused(e) : setError(e)))
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="volume-delete-form" test="volume-delete-modal" danger
                   title={cockpit.format(_("Delete volume $0?"), volume.name)}
                   onSubmit={remove} busy={busy} canSubmit={!refused || force} error={error} onClose={onClose}
                   submit={!done && (refused ? _("Delete with its jobs") : _("Delete"))} submitTest="volume-delete-confirm"
                   closeLabel={done ? _("Close") : _("Cancel")}>
            {!done && <p>{_("Its catalog record is removed; a File volume's file stays on disk.")}</p>}
            {refused && !done &&
                <>
                    <ApiErrorAlert error={refused} title={_("The volume holds jobs")} />
                    <Checkbox id="volume-force" isChecked={force} onChange={(_e, v) => setForce(v)}
                              data-test="volume-force"
                              label={_("Delete it anyway, and drop those jobs from the catalog: they cannot be restored afterwards")} />
                </>}
            {done &&
                <div data-test="volume-deleted">
                    <p>{cockpit.format(_("$0 was deleted."), done.deleted)}</p>
                    {done.jobs?.length > 0 &&
                        <p>{cockpit.format(_("Jobs dropped from the catalog: $0"), done.jobs.map(j => j.jobid).join(", "))}</p>}
                    {done.note && <p className="bams-muted">{done.note}</p>}
                </div>}
        </FormModal>
    );
}
