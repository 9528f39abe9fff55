// Alerts, newest first: open ones by default, or the history. Filters live
// in the URL (#/alerts?state=cleared&level=error). The list reloads on
// every alert event, so raised, acknowledged and cleared alerts show at once.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { acknowledgeAlert, listAlerts } from "../../api/alerts.js";
import { go } from "../../location.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { AlertTable } from "./AlertTable.jsx";
import { NotifyTargets } from "./NotifyTargets.jsx";

const STATES = [
    ["open", _("Open (active and acknowledged)"), "active,acknowledged"],
    ["active", _("Active"), "active"],
    ["acknowledged", _("Acknowledged"), "acknowledged"],
    ["cleared", _("Cleared (history)"), "cleared"],
    ["all", _("All"), undefined],
];
const LEVELS = ["info", "warning", "error", "critical"];

export function AlertsPage({ options }) {
    const show = STATES.find(s => s[0] === options.state) || STATES[0];
    const level = LEVELS.includes(options.level) ? options.level : "";
    const filters = { state: show[2], level: level || undefined };
    const key = JSON.stringify(filters);
    const { data, error, loading, reload, update } = useResource(() => listAlerts(filters), [key]);
    const [busy, setBusy] = useState(null);
    const [ackError, setAckError] = useState(null);
    useReloadOn(["alert"], reload);

    const set = change => go(["alerts"], Object.fromEntries(Object.entries({ state: show[0], level, ...change })
            .filter(([k, v]) => v && !(k === "state" && v === "open"))));

    const acknowledge = id => {
        setBusy(id);
        setAckError(null);
        acknowledgeAlert(id)
                .then(a => update(d => ({ ...d, alerts: d.alerts.map(x => (x.id === a.id ? a : x)) })))
                .catch(setAckError)
                .finally(() => setBusy(null));
    };
    const more = () =>
        listAlerts({ ...filters, cursor: data.next })
                .then(page => update(d => ({ ...d, alerts: [...d.alerts, ...page.alerts], next: page.next })))
                .catch(setAckError);

    return (
        <PageSection data-test="alerts-page">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect aria-label={_("State")} value={show[0]} onChange={(_e, v) => set({ state: v })}
                                    data-test="alerts-state">
                            {STATES.map(([id, label]) => <FormSelectOption key={id} value={id} label={label} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Level")} value={level} onChange={(_e, v) => set({ level: v })}
                                    data-test="alerts-level">
                            <FormSelectOption value="" label={_("Any level")} />
                            {LEVELS.map(l => <FormSelectOption key={l} value={l} label={cockpit.format(_("$0 and above"), l)} />)}
                        </FormSelect>
                    </ToolbarItem>
                    {data &&
                        <ToolbarItem data-test="alerts-active-count">
                            {cockpit.format(cockpit.ngettext("$0 active alert", "$0 active alerts", data.active), data.active)}
                        </ToolbarItem>}
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error || ackError} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && data.alerts.length === 0 &&
                <p className="bams-muted" data-test="alerts-empty">{_("No alerts match.")}</p>}
            {data && data.alerts.length > 0 &&
                <AlertTable alerts={data.alerts} onAcknowledge={acknowledge} busy={busy} />}
            {data?.next && <Button variant="link" onClick={more} data-test="alerts-more">{_("Load more")}</Button>}
            <NotifyTargets />
        </PageSection>
    );
}
