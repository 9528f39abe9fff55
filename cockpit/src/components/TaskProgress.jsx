// A task's progress bar with what it is doing now, the amounts and the ETA.
import { Progress, ProgressMeasureLocation, ProgressVariant } from "@patternfly/react-core/dist/esm/components/Progress/index.js";

import cockpit, { _ } from "../cockpit.js";
import { bytes, duration } from "../format.js";

const VARIANT = { succeeded: ProgressVariant.success, failed: ProgressVariant.danger, cancelled: ProgressVariant.warning };

function detail(p) {
    const parts = [];
    if (p.bytes_total)
        parts.push(`${bytes(p.bytes_done || 0)} / ${bytes(p.bytes_total)}`);
    else if (p.bytes_done)
        parts.push(bytes(p.bytes_done));
    if (p.files_total)
        parts.push(cockpit.format(_("$0 / $1 files"), p.files || 0, p.files_total));
    if (p.rate_bytes_per_second)
        parts.push(`${bytes(p.rate_bytes_per_second)}/s`);
    if (p.eta_seconds)
        parts.push(cockpit.format(_("$0 left"), duration(p.eta_seconds)));
    return parts.join(" · ");
}

export function TaskProgress({ task }) {
    const p = task.progress || {};
    const value = task.state === "succeeded" ? 100 : Math.round(p.percent || 0);
    return (
        <Progress value={value} title={p.step || ""} size="sm" data-test="task-progress" data-percent={value}
                  measureLocation={ProgressMeasureLocation.outside} variant={VARIANT[task.state]}
                  helperText={detail(p) || undefined} aria-label={_("Task progress")} />
    );
}
