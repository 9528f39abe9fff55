// Asks before deleting something; a refusal (409 naming what still uses
// it) stays in the dialog, where the user is looking. With name, the user
// must type it before Delete is possible, and remove gets what was typed
// (the API's confirm field).
import { useState } from "react";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../cockpit.js";
import { FormField } from "./FormField.jsx";
import { FormModal } from "./FormModal.jsx";

export function ConfirmDelete({ title, test, remove, name, onClose, onDeleted, children }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [typed, setTyped] = useState("");

    const confirm = () => {
        setBusy(true);
        setError(null);
        remove(typed).then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <FormModal id={test} test={test} title={title} danger onSubmit={confirm} busy={busy} onClose={onClose}
                   submit={_("Delete")} submitTest={`${test}-confirm`} canSubmit={name === undefined || typed === name}
                   error={error} errorTitle={error?.kind === "conflict" ? _("Refused") : undefined}>
            {children}
            {name !== undefined &&
                <FormField form={test} id="name" label={cockpit.format(_("Type $0 to confirm"), name)}>
                    <TextInput id={`${test}-name`} value={typed} onChange={(_e, v) => setTyped(v)}
                               data-test={`${test}-name`} autoComplete="off" />
                </FormField>}
        </FormModal>
    );
}
