// Asks why a snapshot is pinned (optional, up to 500 characters) before
// protecting it; retention keeps a protected snapshot whatever the policy.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { protectSnapshot } from "../../api/hosts.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

const MAX_WHY = 500;

export function ProtectModal({ host, snapshot, onProtected, onClose }) {
    const [why, setWhy] = useState("");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const save = e => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        protectSnapshot(host, snapshot.name, why.trim())
                .then(onProtected, err => { setError(err); setBusy(false) });
    };

    return (
        <Modal isOpen variant="small" onClose={onClose} aria-labelledby="protect-title" data-test="protect-modal">
            <ModalHeader labelId="protect-title" title={cockpit.format(_("Protect snapshot $0"), snapshot.name)} />
            <ModalBody>
                <p>{_("Retention keeps a protected snapshot whatever its policy says, until it is unprotected.")}</p>
                <Form id="protect-form" onSubmit={save}>
                    <FormGroup label={_("Why")} fieldId="protect-why">
                        <TextInput id="protect-why" value={why} maxLength={MAX_WHY} data-test="protect-why"
                                   placeholder={_("before the upgrade")} onChange={(_e, v) => setWhy(v)} />
                    </FormGroup>
                </Form>
                <ApiErrorAlert error={error} />
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="protect-form" isLoading={busy} isDisabled={busy} data-test="protect-save">
                    {_("Protect")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
