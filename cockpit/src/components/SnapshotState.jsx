// A snapshot's state as a colored label; data-state is what tests wait on.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";

import cockpit, { _ } from "../cockpit.js";

const LOOK = {
    complete: { color: "green", text: _("Complete") },
    failed: { color: "red", text: _("Failed") },
    unknown: { color: "grey", text: _("Unknown") },
};

export function SnapshotState({ snapshot }) {
    const look = LOOK[snapshot.state] || { color: "grey", text: snapshot.state };
    return (
        <Label color={look.color} data-test="snapshot-state" data-state={snapshot.state}
               title={snapshot.error || snapshot.warning ||
                   (snapshot.marked && cockpit.format(_("Found on disk; marked complete by $0"), snapshot.marked.by)) || undefined}>
            {look.text}{snapshot.warning ? " " + _("(with warning)") : ""}{snapshot.marked ? " " + _("(marked)") : ""}
        </Label>
    );
}

export const KINDS = { scheduled: _("Scheduled"), manual: _("Manual") };
