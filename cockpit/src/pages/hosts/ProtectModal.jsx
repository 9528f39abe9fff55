// Asks why a snapshot is pinned (optional, up to 500 characters) before
// protecting it; retention keeps a protected snapshot whatever the policy.
import { useState } from "react";
import { FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { protectSnapshot } from "../../api/hosts.js";
import { FormModal } from "../../components/FormModal.jsx";

const MAX_WHY = 500;

export function ProtectModal({ host, snapshot, onProtected, onClose }) {
    const [why, setWhy] = useState("");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const save = () => {
        setBusy(true);
        setError(null);
        protectSnapshot(host, snapshot.name, why.trim())
                .then(onProtected, err => { setError(err); setBusy(false) });
    };

    return (
        <FormModal id="protect-form" test="protect-modal" title={cockpit.format(_("Protect snapshot $0"), snapshot.name)}
                   onSubmit={save} busy={busy} error={error} onClose={onClose}
                   submit={_("Protect")} submitTest="protect-save">
            <p>{_("Retention keeps a protected snapshot whatever its policy says, until it is unprotected.")}</p>
            <FormGroup label={_("Why")} fieldId="protect-why">
                <TextInput id="protect-why" value={why} maxLength={MAX_WHY} data-test="protect-why"
                           placeholder={_("before the upgrade")} onChange={(_e, v) => setWhy(v)} />
            </FormGroup>
        </FormModal>
    );
}
