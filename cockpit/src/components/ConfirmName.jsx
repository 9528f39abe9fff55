// Asks before a destructive step (destroy, export, remove): says what is
// lost, and acts only once the object's name is typed; bamsd compares the
// name too. A refusal (409 naming what still uses it) stays in the dialog.
import { useState } from "react";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../cockpit.js";
import { FormField } from "./FormField.jsx";
import { FormModal } from "./FormModal.jsx";

export function ConfirmName({ title, test, name, submit, act, onClose, onDone, children }) {
    const [typed, setTyped] = useState("");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);

    const confirm = () => {
        setBusy(true);
        setError(null);
        act(typed).then(onDone, setError).finally(() => setBusy(false));
    };

    return (
        <FormModal id={test} test={test} title={title} danger onSubmit={confirm} busy={busy} onClose={onClose}
                   submit={submit} submitTest={`${test}-confirm`} canSubmit={typed === name}
                   error={error} errorTitle={error?.kind === "conflict" ? _("Refused") : undefined}>
            {children}
            <FormField form={test} id="confirm" label={cockpit.format(_("Type $0 to confirm"), name)}>
                <TextInput id={`${test}-confirm-input`} value={typed} onChange={(_e, v) => setTyped(v)}
                           data-test={`${test}-field-confirm`} autoComplete="off" />
            </FormField>
        </FormModal>
    );
}
