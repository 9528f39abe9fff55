// The plan, shown before anything changes in SCST: every change, whether
// it needs -force (something is removed), and the sessions it ends, which
// the admin must confirm. Apply sends back the plan's token, so what is
// applied is what was shown; a failure says whether SCST was rolled back.
// With target, only that target is planned and applied (the others stay
// as SCST runs them).
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { List, ListItem } from "@patternfly/react-core/dist/esm/components/List/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { applyISCSI, applyISCSITarget, getISCSIPlan, getISCSITargetPlan } from "../../api/iscsi.js";
import { useResource } from "../../hooks.js";
import { FormModal } from "../../components/FormModal.jsx";

export function PlanModal({ target, onClose, onApplied }) {
    const { data: plan, error: loadError, reload } =
        useResource(() => (target ? getISCSITargetPlan(target) : getISCSIPlan()), [target]);
    const [drop, setDrop] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const [done, setDone] = useState(null);

    const apply = () => {
        setBusy(true);
        setError(null);
        (target ? applyISCSITarget(target, plan.token, drop) : applyISCSI(plan.token, drop))
                .then(res => { setDone(res); onApplied() })
                .catch(e => { setError(e); reload() })
                .finally(() => setBusy(false));
    };

    const empty = plan && plan.changes.length === 0;
    const canApply = plan && !empty && !done && (plan.drops.length === 0 || drop);
    return (
        <FormModal id="iscsi-plan" test="iscsi-plan" variant="large"
                   title={target ? cockpit.format(_("Review and apply $0"), target) : _("Review and apply")}
                   onSubmit={done ? undefined : apply} submit={done || empty ? undefined : _("Apply")} submitTest="plan-apply"
                   canSubmit={!!canApply} busy={busy} error={error || loadError}
                   errorTitle={error ? _("Not applied") : undefined} closeLabel={done ? _("Close") : _("Cancel")}
                   closeTest="plan-close" onClose={onClose}>
            {!plan && !loadError && <Spinner aria-label={_("Loading")} />}
            {empty && !done && <p data-test="plan-empty">{_("Nothing to apply: SCST runs the desired state.")}</p>}
            {plan && !empty && !done &&
                <>
                    <p>{cockpit.format(_("$0 changes from what SCST runs now:"), plan.changes.length)}</p>
                    <List data-test="plan-changes">
                        {plan.changes.map(c =>
                            <ListItem key={c.text} data-action={c.action} data-object={c.object}>{c.text}</ListItem>)}
                    </List>
                    {plan.force &&
                        <Alert isInline variant="warning" title={_("This plan removes something")} data-test="plan-force">
                            {_("scstadmin applies it with -force.")}
                        </Alert>}
                    {plan.drops.length > 0 &&
                        <Alert isInline variant="danger" title={_("Sessions will drop")} data-test="plan-drops">
                            <List>
                                {plan.drops.map(s =>
                                    <ListItem key={s.target + s.initiator}>
                                        {cockpit.format(_("$0 on $1"), s.initiator, s.target)}
                                    </ListItem>)}
                            </List>
                            <Checkbox id="plan-drop" label={_("I understand that these sessions end")} isChecked={drop}
                                      onChange={(_e, v) => setDrop(v)} data-test="plan-drop" />
                        </Alert>}
                </>}
            {done &&
                <Alert isInline variant="success" title={_("Applied")} data-test="plan-done">
                    {cockpit.format(_("SCST runs the desired state, and $0 was written."), done.config_file)}
                    {done.warnings.map(w => <p key={w}>{w}</p>)}
                </Alert>}
        </FormModal>
    );
}
