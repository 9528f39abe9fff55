// A Bacula page's load error. Bacula missing (424 tool-missing) or its
// director not answering (503 director-unreachable) is a state of the
// appliance, not a fault of the page: it gets an empty state saying so.
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { DisconnectedIcon } from "@patternfly/react-icons/dist/esm/icons/disconnected-icon.js";

import { _ } from "../../cockpit.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

const UNAVAILABLE = {
    "tool-missing": {
        title: _("Bacula is not installed"),
        hint: _("Install the Bacula director, storage daemon and console (bacula-director, bacula-sd, bacula-console) on the appliance."),
    },
    "director-unreachable": {
        title: _("The Bacula director is not reachable"),
        hint: _("Check that bacula-dir is running and that bconsole's configuration points at it."),
    },
};

export const baculaUnavailable = error => !!(error && UNAVAILABLE[error.kind]);

export function BaculaError({ error }) {
    const look = error && UNAVAILABLE[error.kind];
    if (!look)
        return <ApiErrorAlert error={error} />;
    return (
        <EmptyState data-test="bacula-unavailable" data-kind={error.kind} icon={DisconnectedIcon}
                    titleText={look.title} headingLevel="h2">
            <EmptyStateBody>
                <p>{error.message}</p>
                <p className="bams-muted">{look.hint}</p>
            </EmptyStateBody>
        </EmptyState>
    );
}
