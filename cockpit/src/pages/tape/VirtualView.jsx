// #/tape/virtual: a virtual library for mhvtl. bamsd generates and checks
// its configuration files and lists the steps to start it; it runs nothing
// (mhvtl is not packaged for Debian and needs its own kernel module).
import { useEffect, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";

import { _ } from "../../cockpit.js";
import { planVirtualLibrary } from "../../api/tape.js";
import { markReady } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormField } from "../../components/FormField.jsx";

const NUMBERS = ["drives", "slots", "mail_slots", "cartridges"];

export function VirtualView() {
    const [f, setF] = useState({ drives: "2", slots: "24", mail_slots: "4", model: "LTO-8", barcode_prefix: "BAM", cartridges: "10" });
    const [plan, setPlan] = useState(null);
    const [error, setError] = useState(null);
    const set = (id, v) => setF(x => ({ ...x, [id]: v }));
    useEffect(markReady, []);
    const generate = () => {
        const spec = { ...f };
        for (const n of NUMBERS)
            spec[n] = Number(f[n]) || 0;
        setError(null);
        planVirtualLibrary(spec).then(setPlan, e => { setPlan(null); setError(e) });
    };
    const problem = id => (error?.field === id ? error.message : undefined);
    return (
        <div data-test="tape-virtual">
            <Form isHorizontal onSubmit={ev => { ev.preventDefault(); generate() }}>
                <FormField form="virtual" id="drives" label={_("Drives")} value={f.drives} onChange={set} problem={problem("drives")} />
                <FormField form="virtual" id="slots" label={_("Slots")} value={f.slots} onChange={set} problem={problem("slots")} />
                <FormField form="virtual" id="mail_slots" label={_("Mail slots")} value={f.mail_slots} onChange={set} problem={problem("mail_slots")} />
                <FormField form="virtual" id="model" label={_("Drive model")} value={f.model} onChange={set} problem={problem("model")}
                           help={_("LTO-5, LTO-6, LTO-7 or LTO-8")} />
                <FormField form="virtual" id="barcode_prefix" label={_("Barcode prefix")} value={f.barcode_prefix} onChange={set} />
                <FormField form="virtual" id="cartridges" label={_("Cartridges")} value={f.cartridges} onChange={set} problem={problem("cartridges")} />
                <div><Button type="submit" data-test="virtual-generate">{_("Generate")}</Button></div>
            </Form>
            {error && !NUMBERS.concat("model").includes(error.field) && <ApiErrorAlert error={error} />}
            {plan &&
                <div className="bams-section" data-test="virtual-plan">
                    <Alert isInline variant="info" title={plan.note} />
                    {plan.problems.map(p => <Alert key={p} isInline variant="warning" title={p} />)}
                    {Object.keys(plan.files).sort().map(name =>
                        <div key={name} data-test="virtual-file" data-file={name}>
                            <h3>{name}</h3>
                            <pre className="bams-output">{plan.files[name]}</pre>
                        </div>)}
                    <h3>{_("Starting mhvtl")}</h3>
                    <ol>
                        {plan.steps.map(s =>
                            <li key={s.title}>
                                {s.title}
                                <pre className="bams-output">{s.commands.join("\n")}</pre>
                                {s.note && <p className="bams-muted">{s.note}</p>}
                            </li>)}
                    </ol>
                </div>}
        </div>
    );
}
