// The appliance's default retention policy, which every host without a
// policy of its own follows: shown to everyone, saved or dropped (back to
// the built-in one) by those who may manage.
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getDefaultPolicy } from "../../api/retention.js";
import { useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { PolicyEditor } from "./PolicyEditor.jsx";

export function DefaultPolicyModal({ onClose }) {
    const policy = useResource(() => getDefaultPolicy(), []);
    return (
        <Modal isOpen variant="small" onClose={onClose} aria-labelledby="default-policy-title" data-test="default-policy">
            <ModalHeader labelId="default-policy-title" title={_("Default retention policy")}
                         description={_("Hosts without a policy of their own follow this one; each host's plan page shows what it keeps and deletes.")} />
            <ModalBody>
                <ApiErrorAlert error={policy.error} />
                {policy.loading && !policy.data && <Spinner aria-label={_("Loading")} />}
                {policy.data &&
                    <PolicyEditor key={JSON.stringify(policy.data)} name={null} view={policy.data}
                                  onDraft={() => null} onSaved={() => policy.reload()} />}
            </ModalBody>
        </Modal>
    );
}
