// Asks before deleting something; a refusal (409 naming what still uses
// it) stays in the dialog, where the user is looking.
import { useState } from "react";

import { _ } from "../cockpit.js";
import { FormModal } from "./FormModal.jsx";

export function ConfirmDelete({ title, test, remove, onClose, onDeleted, children }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);

    const confirm = () => {
        setBusy(true);
        setError(null);
        remove().then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <FormModal id={test} test={test} title={title} danger onSubmit={confirm} busy={busy} onClose={onClose}
                   submit={_("Delete")} submitTest={`${test}-confirm`}
                   error={error} errorTitle={error?.kind === "conflict" ? _("Refused") : undefined}>
            {children}
        </FormModal>
    );
}
