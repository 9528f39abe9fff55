// #/hosts/<name>/retention?kind=&as_of=: what retention would keep and
// delete, and why. Non-destructive: planning changes nothing; a what-if date
// plans as of another moment; the policy editor previews a draft live.
// Admins may apply the saved policy's plan, after a confirmation.
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Grid, GridItem } from "@patternfly/react-core/dist/esm/layouts/Grid/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getHostPolicy } from "../../api/retention.js";
import { go } from "../../location.js";
import { bytes, isoToLocalInput, localInputToISO } from "../../format.js";
import { useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { ApplyRetention } from "./ApplyRetention.jsx";
import { MeasureSpace } from "./MeasureSpace.jsx";
import { PlanTable } from "./PlanTable.jsx";
import { PolicyEditor } from "./PolicyEditor.jsx";
import { KINDS } from "./policy.js";
import { usePlan } from "./usePlan.js";

function Summary({ name, plan, draft, measurable }) {
    return (
        <p data-test="plan-summary" data-keep={plan.keep} data-delete={plan.delete}>
            {draft && <strong>{_("Preview of the edited policy, not saved.")} </strong>}
            {cockpit.format(_("Keeps $0, deletes $1, frees about $2 (an estimate: the deleted snapshots' new data)."),
                            plan.keep, plan.delete, bytes(plan.freed_bytes_estimate))}{" "}
            {measurable && <><MeasureSpace key={plan.plan_token} name={name} plan={plan} />{" "}</>}
            {_("As of")} <Time value={plan.as_of} timeZone={plan.time_zone} />
            {cockpit.format(_(", buckets counted in $0."), plan.time_zone)}
        </p>
    );
}

export function RetentionPage({ name, options }) {
    const kind = options.kind || "";
    const asOf = options.as_of || "";
    const badKind = kind !== "" && !KINDS.includes(kind);
    const [draft, setDraft] = useState(null);
    const policy = useResource(() => getHostPolicy(name), [name]);
    const { plan, error, loading, reload } = usePlan(name, { kind, asOf, draft, skip: badKind });

    const setOption = (key, value) => {
        const next = { ...options, [key]: value };
        go(["hosts", name, "retention"], Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
    };
    const why = draft ? _("Save the policy (or reset it) to apply.")
        : asOf ? _("A what-if plan cannot be applied: clear the date.") : null;

    return (
        <PageSection data-test="retention-page" data-host={name}>
            <Breadcrumb>
                <BreadcrumbItem to="#/hosts">{_("Hosts")}</BreadcrumbItem>
                <BreadcrumbItem to={`#/hosts/${name}`}>{name}</BreadcrumbItem>
                <BreadcrumbItem isActive>{_("Retention")}</BreadcrumbItem>
            </Breadcrumb>
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Kinds")} value={badKind ? "" : kind} data-test="plan-kind"
                                    onChange={(_e, v) => setOption("kind", v)}>
                            <FormSelectOption value="" label={_("Kinds the policy prunes")} />
                            {KINDS.map(k => <FormSelectOption key={k} value={k} label={k} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <TextInput type="datetime-local" aria-label={_("What if it were")} data-test="plan-as-of"
                                   value={isoToLocalInput(asOf)}
                                   onChange={(_e, v) => setOption("as_of", localInputToISO(v))} />
                    </ToolbarItem>
                    <ToolbarItem>
                        {plan && !badKind &&
                            <ApplyRetention name={name} plan={plan} why={why}
                                            onDone={() => { reload(); policy.reload() }} />}
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {badKind &&
                <Alert variant="warning" isInline data-test="kind-invalid"
                       title={cockpit.format(_("“$0” is not a kind of snapshot. Choose scheduled, manual or all."), kind)} />}
            <Grid hasGutter>
                <GridItem lg={9}>
                    <ApiErrorAlert error={error && !error.field ? error : null} />
                    {loading && !plan && <Spinner aria-label={_("Loading")} />}
                    {plan && !badKind && <Summary name={name} plan={plan} draft={draft} measurable={!draft && !asOf} />}
                    {plan && !badKind && <PlanTable plan={plan} />}
                </GridItem>
                <GridItem lg={3}>
                    <ApiErrorAlert error={policy.error} />
                    {policy.data &&
                        <PolicyEditor key={JSON.stringify(policy.data)} name={name} view={policy.data}
                                      apiError={error?.field ? error : null} onDraft={setDraft}
                                      onSaved={() => policy.reload()} />}
                </GridItem>
            </Grid>
        </PageSection>
    );
}
