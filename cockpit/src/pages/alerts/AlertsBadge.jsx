// The number of active alerts beside the Alerts tab, kept current by the
// alert events.
import { Badge } from "@patternfly/react-core/dist/esm/components/Badge/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { listAlerts } from "../../api/alerts.js";
import { useReloadOn, useResource } from "../../hooks.js";

export function AlertsBadge() {
    const { data, reload } = useResource(() => listAlerts({ state: "active", limit: 1 }), []);
    useReloadOn(["alert"], reload);
    if (!data || data.active === 0)
        return null;
    return (
        <Badge className="bams-nav-badge" data-test="alerts-badge" data-count={data.active}
               screenReaderText={cockpit.format(_("$0 active alerts"), data.active)}>
            {data.active}
        </Badge>
    );
}
