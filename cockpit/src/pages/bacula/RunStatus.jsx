// A Bacula status word (a run's, a job's last run, a client's last backup)
// as a colored label; data-status is what tests wait on.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";

import { _ } from "../../cockpit.js";

const LOOK = {
    ok: { color: "green", text: _("OK") },
    warnings: { color: "yellow", text: _("OK, with warnings") },
    error: { color: "red", text: _("Error") },
    fatal: { color: "red", text: _("Fatal error") },
    canceled: { color: "orange", text: _("Canceled") },
    running: { color: "blue", text: _("Running") },
    "never-run": { color: "grey", text: _("Never run") },
    "never-backed-up": { color: "grey", text: _("Never backed up") },
};

// Status filters offered for runs and jobs, as the API spells them.
export const RUN_STATUSES = ["ok", "warnings", "error", "fatal", "canceled", "running"];
export const statusText = status => (LOOK[status] || { text: status }).text;

export function RunStatus({ status, title }) {
    const look = LOOK[status] || { color: "grey", text: status };
    return (
        <Label color={look.color} data-test="run-status" data-status={status} title={title || undefined}>
            {look.text}
        </Label>
    );
}
