// #/bacula/clients/<name>: a client's settings, its file daemon's own
// status (asked now) and its newest runs.
import { useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getBaculaClient } from "../../api/baculaStorage.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { RunStatus } from "./RunStatus.jsx";
import { RunTable } from "./RunTable.jsx";
import { Terms } from "./Terms.jsx";
import { retention } from "./units.js";

export function ClientDetail({ name }) {
    const { data: c, error, loading, reload } = useResource(() => getBaculaClient(name), [name]);
    const [actionError, setActionError] = useState(null);
    useReloadOn(["task-state"], reload);

    const crumbs = (
        <Breadcrumb>
            <BreadcrumbItem to="#/bacula/clients">{_("Clients")}</BreadcrumbItem>
            <BreadcrumbItem isActive>{name}</BreadcrumbItem>
        </Breadcrumb>
    );
    if (loading)
        return <>{crumbs}<Spinner aria-label={_("Loading")} /></>;
    if (!c)
        return <>{crumbs}<BaculaError error={error} /></>;
    const d = c.daemon;
    return (
        <div data-test="client-detail" data-client={c.name}>
            {crumbs}
            <ApiErrorAlert error={error || actionError} />
            <Grid hasGutter className="bams-section">
                <GridItem lg={6}>
                    <Card>
                        <CardTitle>{c.name} <RunStatus status={c.status} /></CardTitle>
                        <CardBody>
                            <Terms items={[
                                [_("Address"), `${c.address || ""}${c.port ? `:${c.port}` : ""}`],
                                [_("Enabled"), c.enabled ? _("yes") : _("no")],
                                [_("System"), c.uname],
                                [_("File retention"), retention(c.file_retention_seconds)],
                                [_("Job retention"), retention(c.job_retention_seconds)],
                                [_("Auto prune"), c.auto_prune ? _("yes") : _("no")],
                                [_("In the catalog"), c.in_catalog ? _("yes") : _("not until its first job")],
                            ]} />
                        </CardBody>
                    </Card>
                </GridItem>
                <GridItem lg={6}>
                    <Card data-test="client-daemon">
                        <CardTitle>{_("File daemon")}</CardTitle>
                        <CardBody>
                            {c.daemon_error && <p data-test="client-daemon-error">{c.daemon_error}</p>}
                            {d &&
                                <Terms items={[
                                    [_("Name"), d.name],
                                    [_("Version"), d.version],
                                    [_("Started"), d.started && <Time value={d.started} />],
                                    [_("Jobs run"), String(d.jobs_run)],
                                    [_("Running now"), String(d.jobs_running)],
                                ]} />}
                        </CardBody>
                    </Card>
                </GridItem>
            </Grid>
            <Card className="bams-section">
                <CardTitle>{_("History")}</CardTitle>
                <CardBody>
                    <RunTable runs={c.history || []} label={_("Runs of this client")} onChanged={reload}
                              onError={setActionError} />
                </CardBody>
            </Card>
        </div>
    );
}
