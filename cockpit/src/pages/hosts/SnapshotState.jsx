// A snapshot's state as a colored label; data-state is what tests wait on.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";

import { _ } from "../../cockpit.js";

const LOOK = {
    complete: { color: "green", text: _("Complete") },
    failed: { color: "red", text: _("Failed") },
    unknown: { color: "grey", text: _("Unknown") },
};

export function SnapshotState({ snapshot }) {
    const look = LOOK[snapshot.state] || { color: "grey", text: snapshot.state };
    return (
        <Label color={look.color} data-test="snapshot-state" data-state={snapshot.state}
               title={snapshot.error || snapshot.warning || undefined}>
            {look.text}{snapshot.warning ? " " + _("(with warning)") : ""}
        </Label>
    );
}

export const KINDS = { scheduled: _("Scheduled"), manual: _("Manual") };
