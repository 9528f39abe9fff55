// Cancels a run that has not ended (`cancel jobid=N`); needs org.bams.operate.
import { useState } from "react";

import { _ } from "../../cockpit.js";
import { cancelBaculaRun } from "../../api/baculaJobs.js";
import { OPERATE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";

export function CancelRunButton({ run, onCancelled, onError }) {
    const [busy, setBusy] = useState(false);
    if (run.done)
        return null;
    const cancel = () => {
        setBusy(true);
        cancelBaculaRun(run.jobid).then(onCancelled, onError).finally(() => setBusy(false));
    };
    return (
        <ActionButton action={OPERATE} variant="secondary" isDanger size="sm" onClick={cancel}
                      isLoading={busy} isDisabled={busy} data-test="run-cancel">
            {_("Cancel")}
        </ActionButton>
    );
}
