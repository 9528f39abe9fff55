// One host: its settings, the connection (public key, test, accepting the
// host key), "Back up now" with the live progress of the run, its schedule,
// its snapshots and its runs. A run that ends reloads the snapshots.
import { useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getHost } from "../../api/hosts.js";
import { useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { BackupCard } from "./BackupCard.jsx";
import { ConnectionCard } from "./ConnectionCard.jsx";
import { RunsCard } from "./RunsCard.jsx";
import { ScheduleCard } from "./ScheduleCard.jsx";
import { SettingsCard } from "./SettingsCard.jsx";
import { SnapshotsCard } from "./SnapshotsCard.jsx";
import { useHostRuns } from "./hostRuns.js";

export function HostDetail({ name, options }) {
    const { data: host, error, loading, update } = useResource(() => getHost(name), [name]);
    const [finishedRuns, setFinishedRuns] = useState(0);
    const runs = useHostRuns(name, () => setFinishedRuns(n => n + 1));
    const changed = h => update(() => h);

    return (
        <PageSection data-test="host-detail" data-host={name}>
            <Breadcrumb>
                <BreadcrumbItem to="#/hosts">{_("Hosts")}</BreadcrumbItem>
                <BreadcrumbItem isActive>{name}</BreadcrumbItem>
            </Breadcrumb>
            <ApiErrorAlert error={error} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {host &&
                <Grid hasGutter>
                    <GridItem lg={5} className="bams-wrap"><SettingsCard host={host} onHostChanged={changed} /></GridItem>
                    <GridItem lg={7} className="bams-wrap"><ConnectionCard host={host} onHostChanged={changed} /></GridItem>
                    <GridItem lg={7}><BackupCard host={host} runs={runs} /></GridItem>
                    <GridItem lg={5}><ScheduleCard host={host} /></GridItem>
                    <GridItem lg={12}>
                        <SnapshotsCard host={host} options={options} reloadKey={finishedRuns} />
                    </GridItem>
                    <GridItem lg={12}><RunsCard runs={runs} /></GridItem>
                </Grid>}
        </PageSection>
    );
}
