// Declares an unknown snapshot (a folder discover found without a record
// of its run) complete, as the kind it counts as for retention: from then
// on it can be the next run's base and the host's policy applies to it.
import { useState } from "react";
import { FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { markSnapshot } from "../../api/hosts.js";
import { FormModal } from "../../components/FormModal.jsx";

export function MarkModal({ host, snapshot, onMarked, onClose }) {
    const [kind, setKind] = useState("scheduled");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const save = () => {
        setBusy(true);
        setError(null);
        markSnapshot(host, snapshot.name, kind).then(onMarked, err => { setError(err); setBusy(false) });
    };

    return (
        <FormModal id="mark-form" test="mark-modal" title={cockpit.format(_("Mark snapshot $0 complete"), snapshot.name)}
                   onSubmit={save} busy={busy} error={error} onClose={onClose}
                   submit={_("Mark complete")} submitTest="mark-save">
            <p>
                {_("This folder was found on disk without a record of the run that made it. Mark it complete only if you know it holds a whole backup of the host: the next backup then links its unchanged files to it, and the retention policy may delete it.")}
            </p>
            <FormGroup role="radiogroup" label={_("Counts as")} fieldId="mark-kind" isStack>
                <Radio id="mark-kind-scheduled" name="mark-kind" isChecked={kind === "scheduled"}
                       onChange={() => setKind("scheduled")} label={_("A scheduled backup")}
                       data-test="mark-kind-scheduled" />
                <Radio id="mark-kind-manual" name="mark-kind" isChecked={kind === "manual"}
                       onChange={() => setKind("manual")} label={_("A manual backup")}
                       data-test="mark-kind-manual" />
            </FormGroup>
        </FormModal>
    );
}
