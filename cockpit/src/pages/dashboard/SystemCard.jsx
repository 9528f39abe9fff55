// Host facts from the dashboard: what the appliance is and how loaded it is.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { bytes, duration } from "../../format.js";

function Fact({ label, test, children }) {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{label}</DescriptionListTerm>
            <DescriptionListDescription data-test={test}>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

function usageText(usage) {
    if (usage.error)
        return cockpit.format(_("$0: $1"), usage.path, usage.error);
    if (!usage.total_bytes)
        return usage.path;
    const pct = Math.round((usage.used_bytes / usage.total_bytes) * 100);
    return cockpit.format(_("$0: $1 of $2 used ($3%), $4 free"), usage.path, bytes(usage.used_bytes),
                          bytes(usage.total_bytes), pct, bytes(usage.free_bytes));
}

export function SystemCard({ dashboard: d }) {
    const mem = d.memory || {};
    return (
        <Card data-test="system-card">
            <CardTitle>{_("System")}</CardTitle>
            <CardBody>
                <DescriptionList isHorizontal isCompact>
                    <Fact label={_("Hostname")} test="hostname">{d.hostname}</Fact>
                    <Fact label={_("Operating system")} test="os">{d.os}</Fact>
                    <Fact label={_("Kernel")} test="kernel">{d.kernel}</Fact>
                    <Fact label={_("Uptime")} test="uptime">{duration(d.uptime_seconds)}</Fact>
                    <Fact label={_("Load")} test="load">{(d.load || []).map(l => l.toFixed(2)).join(" ")}</Fact>
                    <Fact label={_("Memory")} test="memory">
                        {cockpit.format(_("$0 available of $1"), bytes(mem.available_bytes), bytes(mem.total_bytes))}
                    </Fact>
                    <Fact label={_("Backup root")} test="backup-root">{usageText(d.backup_root || {})}</Fact>
                    <Fact label={_("Restore root")} test="restore-root">{usageText(d.restore_root || {})}</Fact>
                    <Fact label={_("Time zone")} test="time-zone">{d.time_zone}</Fact>
                </DescriptionList>
            </CardBody>
        </Card>
    );
}
