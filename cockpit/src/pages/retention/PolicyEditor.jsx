// A retention policy as a form: a host's (name), or the appliance's
// default (name null). On a host's plan page every change is previewed
// live (as a draft, nothing saved); Save stores it as the host's own
// policy, "Use the default" drops the host's own; for the default, "Use
// the built-in policy" drops the saved default.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { dropDefaultPolicy, dropHostPolicy, saveDefaultPolicy, saveHostPolicy } from "../../api/retention.js";
import { MANAGE } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { COUNTS, KINDS, samePolicy, toFields, toPolicy, validatePolicy } from "./policy.js";

const SOURCE = {
    host: _("this host's own policy"),
    default: _("the appliance's default policy"),
    "built-in": _("the built-in policy (none saved)"),
};

function Problem({ text }) {
    if (!text)
        return null;
    return (
        <FormHelperText>
            <HelperText><HelperTextItem variant="error" data-test="policy-problem">{text}</HelperTextItem></HelperText>
        </FormHelperText>
    );
}

// onDraft(policy or null): what the plan should preview; onSaved(view).
export function PolicyEditor({ name, view, apiError, onDraft, onSaved }) {
    const { can } = useSession();
    const [fields, setFields] = useState(() => toFields(view.policy));
    const [saveError, setSaveError] = useState(null);
    const [busy, setBusy] = useState(false);
    const policy = toPolicy(fields);
    const problems = validatePolicy(policy);
    const error = saveError || apiError;
    if (error?.field && !problems[error.field])
        problems[error.field] = error.message;
    const readOnly = !can(MANAGE);
    const save = p => (name ? saveHostPolicy(name, p) : saveDefaultPolicy(p));
    const drop = () => (name ? dropHostPolicy(name) : dropDefaultPolicy());
    const own = view.source === (name ? "host" : "default");

    const change = (field, value) => {
        const next = { ...fields, [field]: value };
        setFields(next);
        setSaveError(null);
        const p = toPolicy(next);
        const same = samePolicy(p, view.policy);
        onDraft(same || Object.keys(validatePolicy(p)).length > 0 ? null : p);
    };

    const done = promise => {
        setBusy(true);
        promise.then(v => { setFields(toFields(v.policy)); onDraft(null); onSaved(v) }, setSaveError)
                .finally(() => setBusy(false));
    };

    return (
        <Card data-test="policy-editor">
            <CardTitle>{_("Policy")}</CardTitle>
            <CardBody>
                <p className="bams-muted" data-test="policy-source">
                    {cockpit.format(_("In effect: $0."), SOURCE[view.source] || view.source)}
                </p>
                <Form onSubmit={ev => { ev.preventDefault(); done(save(policy)) }}>
                    {COUNTS.map(([field, label]) =>
                        <FormGroup key={field} label={label} fieldId={`policy-${field}`}>
                            <TextInput id={`policy-${field}`} type="number" min={0} value={fields[field]}
                                       isDisabled={readOnly} data-test={`policy-${field}`}
                                       validated={problems[field] ? "error" : "default"}
                                       onChange={(_e, v) => change(field, v)} />
                            <Problem text={problems[field]} />
                        </FormGroup>)}
                    <FormGroup label={_("Keep within")} fieldId="policy-keep_within">
                        <TextInput id="policy-keep_within" value={fields.keep_within} placeholder="7d"
                                   isDisabled={readOnly} data-test="policy-keep_within"
                                   validated={problems.keep_within ? "error" : "default"}
                                   onChange={(_e, v) => change("keep_within", v)} />
                        <Problem text={problems.keep_within} />
                    </FormGroup>
                    <FormGroup label={_("Prunes")} fieldId="policy-kinds">
                        <FormSelect id="policy-kinds" value={fields.kinds} isDisabled={readOnly} data-test="policy-kinds"
                                    onChange={(_e, v) => change("kinds", v)}>
                            {KINDS.map(k => <FormSelectOption key={k} value={k} label={k} />)}
                        </FormSelect>
                        <Problem text={problems.kinds} />
                    </FormGroup>
                    <ApiErrorAlert error={saveError && !saveError.field ? saveError : null} />
                    <div>
                        <ActionButton action={MANAGE} type="submit" isLoading={busy}
                                      isDisabled={busy || Object.keys(problems).length > 0} data-test="policy-save">
                            {_("Save policy")}
                        </ActionButton>{" "}
                        <Button variant="secondary" isDisabled={busy}
                                onClick={() => { setFields(toFields(view.policy)); setSaveError(null); onDraft(null) }}>
                            {_("Reset")}
                        </Button>{" "}
                        {own &&
                            <ActionButton action={MANAGE} variant="link" isDisabled={busy} data-test="policy-drop"
                                          onClick={() => done(drop())}>
                                {name ? _("Use the default") : _("Use the built-in policy")}
                            </ActionButton>}
                    </div>
                </Form>
            </CardBody>
        </Card>
    );
}
