// The appliance at a glance: the system, the external tools BAMS drives,
// the work in progress or recently failed, the latest audit records, and
// the trends bamsd samples (backup-root usage, backup durations).
// Kept live by events: state changes and audit records reload it, progress
// events move the bars in place.
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getDashboard } from "../../api/system.js";
import { takeFirstDashboard } from "../../first.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { SystemCard } from "./SystemCard.jsx";
import { ToolsCard } from "./ToolsCard.jsx";
import { TasksCard } from "./TasksCard.jsx";
import { AuditCard } from "./AuditCard.jsx";
import { HistoryCard } from "./HistoryCard.jsx";

function withProgress(dashboard, task) {
    const running = dashboard.running_tasks.map(t =>
        t.id === task.id ? { ...t, progress: task.progress, stalled: task.stalled } : t);
    return { ...dashboard, running_tasks: running };
}

export function DashboardPage() {
    const { data, error, loading, reload, update } = useResource(() => takeFirstDashboard() || getDashboard(), []);

    useReloadOn(["task-state", "audit"], reload);
    useEvents(event => {
        if (event.type === "task-progress" && event.task)
            update(d => withProgress(d, event.task));
    });

    if (loading)
        return <PageSection><Spinner aria-label={_("Loading")} /></PageSection>;
    return (
        <PageSection data-test="dashboard">
            <ApiErrorAlert error={error} />
            {data &&
                <Grid hasGutter>
                    <GridItem lg={5}><SystemCard dashboard={data} /></GridItem>
                    <GridItem lg={7}><ToolsCard tools={data.tools || []} /></GridItem>
                    <GridItem lg={5}>
                        <TasksCard running={data.running_tasks || []} failed={data.recent_failed_tasks || []} />
                    </GridItem>
                    <GridItem lg={7}><AuditCard records={data.recent_audit || []} /></GridItem>
                    <GridItem lg={12}><HistoryCard /></GridItem>
                </Grid>}
        </PageSection>
    );
}
