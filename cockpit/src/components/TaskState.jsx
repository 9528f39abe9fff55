// A task's state as a colored label; data-state is what tests wait on.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";

import { _ } from "../cockpit.js";

const LOOK = {
    queued: { color: "grey", text: _("Queued") },
    running: { color: "blue", text: _("Running") },
    succeeded: { color: "green", text: _("Succeeded") },
    failed: { color: "red", text: _("Failed") },
    cancelled: { color: "orange", text: _("Cancelled") },
};

export function TaskState({ task }) {
    const look = LOOK[task.state] || { color: "grey", text: task.state };
    return (
        <Label color={look.color} data-test="task-state" data-state={task.state}>
            {look.text}{task.stalled ? " " + _("(stalled)") : ""}
        </Label>
    );
}

export { isDone } from "./liveTasks.js";
