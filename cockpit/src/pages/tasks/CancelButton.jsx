// Cancels a task; needs the polkit action that started it.
import { useState } from "react";

import { _ } from "../../cockpit.js";
import { cancelTask } from "../../api/system.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { isDone } from "../../components/TaskState.jsx";

export function CancelButton({ task, onError }) {
    const [busy, setBusy] = useState(false);
    if (isDone(task.state))
        return null;
    const cancel = () => {
        setBusy(true);
        cancelTask(task.id).catch(onError).finally(() => setBusy(false));
    };
    return (
        <ActionButton action={task.action} variant="secondary" isDanger size="sm" onClick={cancel}
                      isLoading={busy} isDisabled={busy} data-test="task-cancel">
            {_("Cancel")}
        </ActionButton>
    );
}
