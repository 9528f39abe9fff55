// #/bacula/history/<jobid>: one run, its numbers and its log; cancel while
// it runs, restore its files once it has succeeded.
import { useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getBaculaRun } from "../../api/baculaJobs.js";
import { bytes, duration } from "../../format.js";
import { RESTORE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { CancelRunButton } from "./CancelRunButton.jsx";
import { RestoreRunModal } from "./RestoreRunModal.jsx";
import { RunStatus } from "./RunStatus.jsx";
import { Terms } from "./Terms.jsx";

const restorable = run => run.type === "B" && run.done && !run.purged && (run.status === "ok" || run.status === "warnings");

export function RunDetail({ name: jobid }) {
    const { data: run, error, loading, reload } = useResource(() => getBaculaRun(jobid), [jobid]);
    const [actionError, setActionError] = useState(null);
    const [restoring, setRestoring] = useState(false);
    useReloadOn(["task-state"], reload);

    const crumbs = (
        <Breadcrumb>
            <BreadcrumbItem to="#/bacula/history">{_("History")}</BreadcrumbItem>
            <BreadcrumbItem isActive>{cockpit.format(_("JobId $0"), jobid)}</BreadcrumbItem>
        </Breadcrumb>
    );
    if (loading)
        return <>{crumbs}<Spinner aria-label={_("Loading")} /></>;
    if (!run)
        return <>{crumbs}<BaculaError error={error} /></>;
    return (
        <div data-test="run-detail" data-jobid={run.jobid} data-status={run.status}>
            {crumbs}
            <ApiErrorAlert error={error || actionError} />
            <Card className="bams-section">
                <CardHeader actions={{
                    actions: (
                        <>
                            <CancelRunButton run={run} onCancelled={reload} onError={setActionError} />
                            {restorable(run) &&
                                <ActionButton action={RESTORE} variant="secondary" onClick={() => setRestoring(true)}
                                              data-test="run-restore">
                                    {_("Restore")}
                                </ActionButton>}
                        </>
                    ),
                }}>
                    <CardTitle>
                        <a href={`#/bacula/jobs/${encodeURIComponent(run.name)}`}>{run.name}</a>{" "}
                        <RunStatus status={run.status} title={run.status_text} />
                    </CardTitle>
                </CardHeader>
                <CardBody>
                    <Terms items={[
                        [_("Status"), run.status_text],
                        [_("Level"), run.level],
                        [_("Client"), run.client],
                        [_("Pool"), run.pool],
                        [_("File set"), run.fileset],
                        [_("Started"), run.started && <Time value={run.started} />],
                        [_("Ended"), run.ended && <Time value={run.ended} />],
                        [_("Duration"), run.duration_seconds ? duration(run.duration_seconds) : ""],
                        [_("Bytes"), bytes(run.bytes), "run-bytes"],
                        [_("Files"), String(run.files), "run-files"],
                        [_("Errors"), String(run.errors)],
                        [_("Purged from the catalog"), run.purged ? _("yes") : ""],
                    ]} />
                </CardBody>
            </Card>
            <Card className="bams-section">
                <CardTitle>{_("Log")}</CardTitle>
                <CardBody>
                    {(run.log || []).length === 0
                        ? <p className="bams-muted">{_("The catalog has no log for this run.")}</p>
                        : <pre className="bams-output" data-test="run-log">{run.log.join("\n")}</pre>}
                </CardBody>
            </Card>
            {restoring && <RestoreRunModal run={run} onClose={() => setRestoring(false)} />}
        </div>
    );
}
