// Confirms removing a host: its configuration and snapshot records go, its
// snapshot folders stay on disk.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteHost } from "../../api/hosts.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

export function DeleteHostModal({ host, onClose, onDeleted }) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);

    const remove = () => {
        setBusy(true);
        deleteHost(host.name).then(onDeleted, setError).finally(() => setBusy(false));
    };

    return (
        <Modal isOpen onClose={onClose} variant="small" aria-labelledby="host-delete-title" data-test="host-delete-modal">
            <ModalHeader labelId="host-delete-title" titleIconVariant="warning"
                         title={cockpit.format(_("Remove $0?"), host.name)} />
            <ModalBody>
                <p>{_("Its settings and snapshot records are removed.")}</p>
                <p data-test="host-delete-note">
                    {_("The snapshot folders stay on disk under the backup root: adding the host again and running discover brings them back.")}
                </p>
                <ApiErrorAlert error={error} />
            </ModalBody>
            <ModalFooter>
                <Button variant="danger" onClick={remove} isLoading={busy} isDisabled={busy} data-test="host-delete-confirm">
                    {_("Remove")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
