// #/bacula: the director at a glance. Stat cards (jobs, running, success
// rates, bytes), the newest runs, and a quick "run a job". Reloaded when a
// task changes state, since a Bacula run is a task.
import { useState } from "react";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Gallery } from "@patternfly/react-core/dist/esm/layouts/Gallery/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getBaculaStats, listBaculaJobs, listBaculaRuns } from "../../api/baculaJobs.js";
import { bytes } from "../../format.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { BaculaError } from "./BaculaError.jsx";
import { RunJob } from "./RunJob.jsx";
import { RunTable } from "./RunTable.jsx";

const RECENT = 10;

// The API gives a percentage (0-100), not a fraction.
const percent = rate => (rate === null || rate === undefined ? "–" : `${Math.round(rate)} %`);

function Stat({ id, label, value, detail }) {
    return (
        <Card isCompact data-test={`stat-${id}`}>
            <CardTitle>{label}</CardTitle>
            <CardBody>
                <div className="bams-stat" data-test="stat-value">{value}</div>
                {detail && <div className="bams-muted">{detail}</div>}
            </CardBody>
        </Card>
    );
}

function QuickRun({ jobs }) {
    const backups = jobs.filter(j => j.type === "B");
    const [job, setJob] = useState(backups[0]?.name || "");
    if (backups.length === 0)
        return <p className="bams-muted">{_("The director has no backup jobs yet.")}</p>;
    return (
        <>
            <FormSelect aria-label={_("Job")} value={job} onChange={(_e, v) => setJob(v)} data-test="quick-job"
                        className="bams-quick-job">
                {backups.map(j => <FormSelectOption key={j.name} value={j.name} label={j.name} />)}
            </FormSelect>
            <RunJob key={job} job={job} />
        </>
    );
}

async function load() {
    const [stats, runs, jobs] = await Promise.all([
        getBaculaStats(), listBaculaRuns({ limit: RECENT }), listBaculaJobs({ limit: 1000 }),
    ]);
    return { stats, runs: runs.runs, jobs: jobs.jobs };
}

export function BaculaDashboard() {
    const { data, error, loading, reload } = useResource(load, []);
    useReloadOn(["task-state"], reload);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <BaculaError error={error} />;
    const s = data.stats;
    return (
        <div data-test="bacula-dashboard">
            <BaculaError error={error} />
            <Gallery hasGutter minWidths={{ default: "180px" }}>
                <Stat id="total-jobs" label={_("Jobs")} value={s.total_jobs} />
                <Stat id="running-jobs" label={_("Running")} value={s.running_jobs} />
                <Stat id="success-24h" label={_("Success, 24 h")} value={percent(s.success_rate_24h)}
                      detail={`${s.runs_24h} ${_("runs")}`} />
                <Stat id="success-7d" label={_("Success, 7 days")} value={percent(s.success_rate_7d)}
                      detail={`${s.runs_7d} ${_("runs")}`} />
                <Stat id="bytes" label={_("Backed up")} value={bytes(s.bytes_backed_up)}
                      detail={`${bytes(s.bytes_24h)} ${_("in 24 h")}`} />
            </Gallery>
            <Grid hasGutter className="bams-section">
                <GridItem lg={8}>
                    <Card data-test="recent-runs">
                        <CardTitle><a href="#/bacula/history">{_("Recent jobs")}</a></CardTitle>
                        <CardBody>
                            <RunTable runs={data.runs} label={_("Recent jobs")} compact />
                        </CardBody>
                    </Card>
                </GridItem>
                <GridItem lg={4}>
                    <Card data-test="quick-actions">
                        <CardTitle>{_("Run a job")}</CardTitle>
                        <CardBody><QuickRun jobs={data.jobs} /></CardBody>
                    </Card>
                </GridItem>
            </Grid>
        </div>
    );
}
