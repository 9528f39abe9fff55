// Shown instead of every page while bamsd cannot be reached. The session
// keeps checking /health, so this goes away by itself once the daemon is back.
import { useEffect } from "react";
import { EmptyState, EmptyStateBody, EmptyStateFooter } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { DisconnectedIcon } from "@patternfly/react-icons/dist/esm/icons/disconnected-icon.js";

import cockpit, { _ } from "../cockpit.js";
import { markReady } from "../hooks.js";
import { SOCKET } from "../api/transport.js";

export function DaemonDown({ error }) {
    useEffect(markReady, []);
    return (
        <PageSection>
            <EmptyState data-test="daemon-down" icon={DisconnectedIcon}
                        titleText={_("The BAMS daemon is not running")} headingLevel="h1">
                <EmptyStateBody>
                    <p>{cockpit.format(_("Nothing answers on $0."), SOCKET)}</p>
                    <p>
                        {_("Start it with")} <code>systemctl start bams.socket</code>
                        {_(", or")} <code>make demo</code> {_("from a source checkout.")}
                    </p>
                    {error?.message &&
                        <p className="bams-muted">{cockpit.format(_("Cockpit reported: $0"), error.message)}</p>}
                </EmptyStateBody>
                <EmptyStateFooter>
                    <span className="bams-muted">
                        <Spinner isInline aria-label={_("Checking again")} /> {_("Checking again every few seconds…")}
                    </span>
                </EmptyStateFooter>
            </EmptyState>
        </PageSection>
    );
}
