// Trends the appliance keeps itself (GET /dashboard/history, samples in
// bbolt): the backup root's usage, each repository's, and each host's
// backup durations.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getHistory } from "../../api/system.js";
import { bytes, duration } from "../../format.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { visible } from "../../visible.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Sparkline } from "./Sparkline.jsx";

const DURATION = "backup_duration_seconds/";
const REPOSITORY = "repository_used_bytes/";

export function HistoryCard() {
    const { data, error, reload } = useResource(() => getHistory(), []);
    useReloadOn(["task-state"], reload);
    const series = data?.series || [];
    const used = series.find(s => s.name === "backup_root_used_bytes");
    const durations = series.filter(s => s.name.startsWith(DURATION));
    const repositories = series.filter(s => s.name.startsWith(REPOSITORY));
    return (
        <Card data-test="history-card">
            <CardTitle>{_("Over the last 30 days")}</CardTitle>
            <CardBody>
                <ApiErrorAlert error={error} />
                {data && !used && durations.length === 0 && repositories.length === 0 &&
                    <p className="bams-muted" data-test="history-empty">{_("No samples yet: bamsd takes one every 5 minutes.")}</p>}
                {used && <Sparkline points={used.points} format={bytes} label={_("Backup root used")} test="history-used" />}
                {repositories.map(s =>
                    <Sparkline key={s.name} points={s.points} format={bytes} test="history-repository"
                               label={cockpit.format(_("Repository $0 used"), visible(s.name.slice(REPOSITORY.length)))} />)}
                {durations.map(s =>
                    <Sparkline key={s.name} points={s.points} format={duration} test="history-duration"
                               label={cockpit.format(_("Backup duration of $0"), visible(s.name.slice(DURATION.length)))} />)}
            </CardBody>
        </Card>
    );
}
