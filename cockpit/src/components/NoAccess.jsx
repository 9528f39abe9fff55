// For users who may connect but not read anything (no BAMS group at all).
import { useEffect } from "react";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { LockIcon } from "@patternfly/react-icons/dist/esm/icons/lock-icon.js";

import cockpit, { _ } from "../cockpit.js";
import { markReady } from "../hooks.js";
import { READ, groupFor } from "../permissions.js";

export function NoAccess({ user }) {
    useEffect(markReady, []);
    return (
        <PageSection>
            <EmptyState data-test="no-access" icon={LockIcon} titleText={_("No access to the backup appliance")}
                        headingLevel="h1">
                <EmptyStateBody>
                    {cockpit.format(_("$0 may not view BAMS. Ask an administrator to add you to the group $1."),
                                    user, groupFor(READ))}
                </EmptyStateBody>
            </EmptyState>
        </PageSection>
    );
}
