// Confirms removing a host: its configuration and snapshot records go, its
// snapshot folders stay on disk.
import { useState } from "react";

import cockpit, { _ } from "../../cockpit.js";
import { deleteHost } from "../../api/hosts.js";
import { FormModal } from "../../components/FormModal.jsx";

export function DeleteHostModal({ host, onClose, onDeleted }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);

    const remove = () => {
        setBusy(true);
        deleteHost(host.name).then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <FormModal id="host-delete-form" test="host-delete-modal" title={cockpit.format(_("Remove $0?"), host.name)}
                   danger onSubmit={remove} busy={busy} error={error} onClose={onClose}
                   submit={_("Remove")} submitTest="host-delete-confirm">
            <p>{_("Its settings and snapshot records are removed.")}</p>
            <p data-test="host-delete-note">
                {_("The snapshot folders stay on disk in its repository: adding the host again and running discover brings them back.")}
            </p>
        </FormModal>
    );
}
