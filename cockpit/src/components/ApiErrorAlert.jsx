// An API error as the user should read it: the API's own message, and for a
// 403 the group that would grant the action.
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";

import cockpit, { _ } from "../cockpit.js";

export function ApiErrorAlert({ error, title, isInline = true }) {
    if (!error)
        return null;
    return (
        <Alert variant="danger" isInline={isInline} data-test="api-error" data-kind={error.kind || undefined}
               title={title || error.message}>
            {title && <p>{error.message}</p>}
            {error.group &&
                <p>{cockpit.format(_("Members of the group $0 may do this."), error.group)}</p>}
        </Alert>
    );
}
