// Declares an unknown snapshot (a folder discover found without a record
// of its run) complete, as the kind it counts as for retention: from then
// on it can be the next run's base and the host's policy applies to it.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { markSnapshot } from "../../api/hosts.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

export function MarkModal({ host, snapshot, onMarked, onClose }) {
    const [kind, setKind] = useState("scheduled");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const save = e => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        markSnapshot(host, snapshot.name, kind).then(onMarked, err => { setError(err); setBusy(false) });
    };

    return (
        <Modal isOpen variant="small" onClose={onClose} aria-labelledby="mark-title" data-test="mark-modal">
            <ModalHeader labelId="mark-title" title={cockpit.format(_("Mark snapshot $0 complete"), snapshot.name)} />
            <ModalBody>
                <p>
                    {_("This folder was found on disk without a record of the run that made it. Mark it complete only if you know it holds a whole backup of the host: the next backup then links its unchanged files to it, and the retention policy may delete it.")}
                </p>
                <Form id="mark-form" onSubmit={save}>
                    <FormGroup role="radiogroup" label={_("Counts as")} fieldId="mark-kind" isStack>
                        <Radio id="mark-kind-scheduled" name="mark-kind" isChecked={kind === "scheduled"}
                               onChange={() => setKind("scheduled")} label={_("A scheduled backup")}
                               data-test="mark-kind-scheduled" />
                        <Radio id="mark-kind-manual" name="mark-kind" isChecked={kind === "manual"}
                               onChange={() => setKind("manual")} label={_("A manual backup")}
                               data-test="mark-kind-manual" />
                    </FormGroup>
                </Form>
                <ApiErrorAlert error={error} />
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="mark-form" isLoading={busy} isDisabled={busy} data-test="mark-save">
                    {_("Mark complete")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
