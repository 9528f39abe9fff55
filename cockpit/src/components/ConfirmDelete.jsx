// Asks before deleting something; a refusal (409 naming what still
// uses it) stays in the dialog, where the user is looking.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { _ } from "../cockpit.js";
import { ApiErrorAlert } from "./ApiErrorAlert.jsx";

export function ConfirmDelete({ title, test, remove, onClose, onDeleted, children }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);

    const confirm = () => {
        setBusy(true);
        setError(null);
        remove().then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <Modal isOpen onClose={onClose} variant="small" aria-labelledby={`${test}-title`} data-test={test}>
            <ModalHeader labelId={`${test}-title`} titleIconVariant="warning" title={title} />
            <ModalBody>
                {children}
                <ApiErrorAlert error={error} title={error?.kind === "conflict" ? _("Refused") : undefined} />
            </ModalBody>
            <ModalFooter>
                <Button variant="danger" onClick={confirm} isLoading={busy} isDisabled={busy} data-test={`${test}-confirm`}>
                    {_("Delete")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
