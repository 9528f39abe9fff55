// #/snaptasks/<name>/plan?as_of=: which of the task's own snapshots pruning
// keeps and deletes, and why, read like a host's retention plan (its
// PlanTable and ApplyRetention); below, the target's snapshots the task
// does not own, which it never touches. Planning changes nothing.
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { applySnapTaskPlan, getSnapTaskPlan } from "../../api/snaptasks.js";
import { go } from "../../location.js";
import { bytes, isoToLocalInput, localInputToISO } from "../../format.js";
import { useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { visible } from "../../visible.js";
import { ApplyRetention } from "../retention/ApplyRetention.jsx";
import { PlanTable } from "../retention/PlanTable.jsx";

export function SnapTaskPlanPage({ name, options }) {
    const asOf = options.as_of || "";
    const { data: plan, error, loading, reload } = useResource(() => getSnapTaskPlan(name, { asOf }), [name, asOf]);
    const apply = (p, limit) => applySnapTaskPlan(name, { planToken: p.plan_token, maxDelete: limit });

    return (
        <PageSection data-test="snaptask-plan-page" data-snaptask={name}>
            <Breadcrumb>
                <BreadcrumbItem to="#/snaptasks">{_("Snapshot tasks")}</BreadcrumbItem>
                <BreadcrumbItem isActive>{cockpit.format(_("$0: pruning plan"), name)}</BreadcrumbItem>
            </Breadcrumb>
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <TextInput type="datetime-local" aria-label={_("What if it were")} data-test="plan-as-of"
                                   value={isoToLocalInput(asOf)}
                                   onChange={(_e, v) => go(["snaptasks", name, "plan"], v ? { as_of: localInputToISO(v) } : {})} />
                    </ToolbarItem>
                    <ToolbarItem>
                        {plan &&
                            <ApplyRetention name={name} plan={plan} applyPlan={apply} onDone={reload}
                                            why={asOf ? _("A what-if plan cannot be applied: clear the date.") : null} />}
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {plan &&
                <>
                    <p data-test="plan-summary" data-keep={plan.keep} data-delete={plan.delete}>
                        {cockpit.format(_("$0 $1, owner $2: keeps $3, deletes $4, frees about $5."),
                                        plan.kind === "zfs" ? _("ZFS dataset") : _("btrfs subvolume"), visible(plan.target),
                                        plan.owner, plan.keep, plan.delete, bytes(plan.freed_bytes_estimate))}{" "}
                        {_("As of")} <Time value={plan.as_of} timeZone={plan.time_zone} />
                        {cockpit.format(_(", buckets counted in $0."), plan.time_zone)}
                    </p>
                    <PlanTable plan={plan} named />
                    <Title headingLevel="h3">{_("Not this task's: never touched")}</Title>
                    {plan.not_owned.length === 0
                        ? <p className="bams-muted">{_("None: every snapshot of the target is this task's.")}</p>
                        : <ul data-test="plan-not-owned">
                            {plan.not_owned.map(o =>
                                <li key={o.name} data-snapshot={o.name}><code>{visible(o.name)}</code>: {o.why}</li>)}
                        </ul>}
                </>}
        </PageSection>
    );
}
