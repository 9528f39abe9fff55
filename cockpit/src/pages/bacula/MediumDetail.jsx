// #/bacula/media/<label>: one medium, how full and worn it is, and the runs
// with data on it.
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { Progress, ProgressMeasureLocation } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { getBaculaMedium } from "../../api/baculaStorage.js";
import { bytes } from "../../format.js";
import { useResource } from "../../hooks.js";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { RunTable } from "./RunTable.jsx";
import { Terms } from "./Terms.jsx";
import { retention } from "./units.js";

export function MediumDetail({ name }) {
    const { data: m, error, loading } = useResource(() => getBaculaMedium(name), [name]);

    const crumbs = (
        <Breadcrumb>
            <BreadcrumbItem to="#/bacula/media">{_("Media")}</BreadcrumbItem>
            <BreadcrumbItem isActive>{name}</BreadcrumbItem>
        </Breadcrumb>
    );
    if (loading)
        return <>{crumbs}<Spinner aria-label={_("Loading")} /></>;
    if (!m)
        return <>{crumbs}<BaculaError error={error} /></>;
    const u = m.usage;
    return (
        <div data-test="medium-detail" data-medium={m.label}>
            {crumbs}
            <Grid hasGutter className="bams-section">
                <GridItem lg={6}>
                    <Card>
                        <CardTitle>{m.label}</CardTitle>
                        <CardBody>
                            <Terms items={[
                                [_("Status"), m.status],
                                [_("Pool"), m.pool],
                                [_("Media type"), m.media_type],
                                [_("Location"), m.location],
                                [_("Labelled"), m.volume.label_date && <Time value={m.volume.label_date} />],
                                [_("Last written"), m.last_written && <Time value={m.last_written} />],
                                [_("Expires"), m.volume.expires && <Time value={m.volume.expires} />],
                                [_("Retention"), retention(m.volume.retention_seconds)],
                            ]} />
                        </CardBody>
                    </Card>
                </GridItem>
                <GridItem lg={6}>
                    <Card data-test="medium-usage">
                        <CardTitle>{_("Usage")}</CardTitle>
                        <CardBody>
                            {u.percent !== undefined &&
                                <Progress value={u.percent} measureLocation={ProgressMeasureLocation.outside}
                                          title={`${bytes(u.bytes)} / ${bytes(u.maximum_bytes)}`} aria-label={_("Usage")} />}
                            <Terms items={[
                                [_("Data"), bytes(u.bytes)],
                                [_("Jobs"), String(u.jobs)],
                                [_("Files"), String(u.files)],
                                [_("Blocks"), String(u.blocks)],
                                [_("Mounts"), String(u.mounts)],
                                [_("Writes"), String(u.writes)],
                                [_("Errors"), String(u.errors)],
                            ]} />
                        </CardBody>
                    </Card>
                </GridItem>
            </Grid>
            <Card className="bams-section">
                <CardTitle>{_("Runs with data on it")}</CardTitle>
                <CardBody><RunTable runs={m.history || []} label={_("Runs on this medium")} compact /></CardBody>
            </Card>
        </div>
    );
}
