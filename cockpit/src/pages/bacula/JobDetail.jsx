// #/bacula/jobs/<name>: one Job resource, its statistics, "Run now" with
// the run followed live, its newest runs and its configuration as the
// director shows it (passwords redacted).
import { useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getBaculaJob } from "../../api/baculaJobs.js";
import { bytes, duration } from "../../format.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { RunJob } from "./RunJob.jsx";
import { RunStatus } from "./RunStatus.jsx";
import { RunTable } from "./RunTable.jsx";
import { Terms } from "./Terms.jsx";

export function JobDetail({ name }) {
    const { data: job, error, loading, reload } = useResource(() => getBaculaJob(name), [name]);
    const [actionError, setActionError] = useState(null);
    useReloadOn(["task-state"], reload);

    const crumbs = (
        <Breadcrumb>
            <BreadcrumbItem to="#/bacula/jobs">{_("Jobs")}</BreadcrumbItem>
            <BreadcrumbItem isActive>{name}</BreadcrumbItem>
        </Breadcrumb>
    );
    if (loading)
        return <>{crumbs}<Spinner aria-label={_("Loading")} /></>;
    if (!job)
        return <>{crumbs}<BaculaError error={error} /></>;
    const st = job.statistics;
    return (
        <div data-test="job-detail" data-job={job.name}>
            {crumbs}
            <ApiErrorAlert error={error || actionError} />
            <Grid hasGutter className="bams-section">
                <GridItem lg={6}>
                    <Card>
                        <CardTitle>{job.name}</CardTitle>
                        <CardBody>
                            <Terms test="job-settings" items={[
                                [_("Last run"), <RunStatus key="s" status={job.status} />],
                                [_("Client"), job.client],
                                [_("File set"), job.fileset],
                                [_("Schedule"), job.schedule || _("None: run by hand")],
                                [_("Next run"), job.next_run && <Time value={job.next_run} />],
                                [_("Pool"), job.pool],
                                [_("Storage"), job.storage],
                                [_("Level"), job.level],
                                [_("Written by BAMS"), job.managed ? _("yes") : _("no")],
                            ]} />
                        </CardBody>
                    </Card>
                </GridItem>
                <GridItem lg={6}>
                    <Card data-test="job-run-card">
                        <CardTitle>{_("Run")}</CardTitle>
                        <CardBody>
                            {job.type === "B" ? <RunJob job={job.name} onEnded={reload} /> : <p className="bams-muted">{_("Only backup jobs run from here.")}</p>}
                        </CardBody>
                    </Card>
                    <Card className="bams-section" data-test="job-statistics">
                        <CardTitle>{_("Statistics")}</CardTitle>
                        <CardBody>
                            <Terms items={[
                                [_("Runs"), String(st.runs), "stat-runs"],
                                [_("Succeeded"), String(st.succeeded), "stat-succeeded"],
                                [_("Failed"), String(st.failed), "stat-failed"],
                                [_("Bytes"), bytes(st.bytes)],
                                [_("Files"), String(st.files)],
                                [_("Last success"), st.last_success && <Time value={st.last_success} />],
                                [_("Average duration"), st.average_duration_seconds ? duration(st.average_duration_seconds) : ""],
                            ]} />
                        </CardBody>
                    </Card>
                </GridItem>
            </Grid>
            <Card className="bams-section" data-test="job-history">
                <CardTitle>{_("History")}</CardTitle>
                <CardBody>
                    <RunTable runs={job.history || []} label={_("Runs of this job")} onChanged={reload}
                              onError={setActionError} />
                </CardBody>
            </Card>
            <ExpandableSection toggleText={_("Configuration")} className="bams-section" data-test="job-config">
                <pre className="bams-output">{job.config}</pre>
            </ExpandableSection>
        </div>
    );
}
