// Creating a backup job in three steps: what (name, client), which files and
// when (file set, schedule), where (pool, storage, level), then a review.
// Choices come from the API; the API's 400 names a field, and the wizard
// goes back to that field's step to show it there.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { ProgressStep, ProgressStepper } from "@patternfly/react-core/dist/esm/components/ProgressStepper/index.js";

import { _ } from "../../cockpit.js";
import { createBaculaJob } from "../../api/baculaJobs.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const STEPS = [
    { title: _("Job"), fields: ["name", "client"] },
    { title: _("Files and schedule"), fields: ["fileset", "schedule"] },
    { title: _("Storage"), fields: ["pool", "storage", "level"] },
    { title: _("Review"), fields: [] },
];

const LABELS = {
    name: _("Name"),
    client: _("Client"),
    fileset: _("File set"),
    schedule: _("Schedule"),
    pool: _("Pool"),
    storage: _("Storage"),
    level: _("Level"),
};

const LEVELS = ["Incremental", "Full", "Differential"];

const stepOf = field => Math.max(0, STEPS.findIndex(s => s.fields.includes(field)));

export function JobWizard({ choices, onClose, onCreated }) {
    const [job, setJob] = useState({
        name: "",
        client: choices.clients[0] || "",
        fileset: choices.filesets[0] || "",
        schedule: "",
        pool: choices.pools[0] || "",
        storage: "",
        level: "Incremental",
    });
    const [step, setStep] = useState(0);
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    const set = (id, v) => setJob(j => ({ ...j, [id]: v }));

    // What can be told before asking the API.
    const check = fields => {
        const found = {};
        for (const f of fields) {
            if (f === "name" && !NAME.test(job.name))
                found.name = _("Letters, digits and _.:-, starting with a letter or digit, at most 64");
            else if (["client", "fileset", "pool"].includes(f) && !job[f])
                found[f] = _("Required");
        }
        setProblems(found);
        return Object.keys(found).length === 0;
    };

    const next = () => check(STEPS[step].fields) && setStep(step + 1);

    const create = () => {
        setBusy(true);
        setError(null);
        createBaculaJob({ ...job, schedule: job.schedule || undefined, storage: job.storage || undefined })
                .then(created => { onCreated(created); onClose() })
                .catch(e => {
                    if (e.field in LABELS) {
                        setProblems({ [e.field]: e.message });
                        setStep(stepOf(e.field));
                    } else {
                        setError(e);
                    }
                })
                .finally(() => setBusy(false));
    };

    const select = (id, values, { optional } = {}) =>
        <FormField form="job" id={id} label={LABELS[id]} problem={problems[id]} isRequired={!optional} key={id}>
            <FormSelect id={`job-${id}`} value={job[id]} onChange={(_e, v) => set(id, v)} data-test={`job-field-${id}`}
                        validated={problems[id] ? "error" : "default"}>
                {optional && <FormSelectOption value="" label={optional} />}
                {values.map(v => <FormSelectOption key={v} value={v} label={v} />)}
            </FormSelect>
        </FormField>;

    const fields = [
        <>
            <FormField form="job" id="name" label={LABELS.name} value={job.name} onChange={set} problem={problems.name}
                       help={_("The director's Job resource; cannot be changed later")} isRequired />
            {select("client", choices.clients)}
        </>,
        <>
            {select("fileset", choices.filesets)}
            {select("schedule", choices.schedules, { optional: _("None: run by hand") })}
        </>,
        <>
            {select("pool", choices.pools)}
            {select("storage", choices.storages, { optional: _("The director's first storage") })}
            {select("level", LEVELS)}
        </>,
        <DescriptionList isHorizontal data-test="job-review">
            {Object.entries(LABELS).map(([id, label]) =>
                <DescriptionListGroup key={id}>
                    <DescriptionListTerm>{label}</DescriptionListTerm>
                    <DescriptionListDescription>{job[id] || "–"}</DescriptionListDescription>
                </DescriptionListGroup>)}
        </DescriptionList>,
    ];

    const last = step === STEPS.length - 1;
    return (
        <FormModal id="job-wizard-form" test="job-wizard" title={_("Create backup job")} variant="medium" isHorizontal
                   onSubmit={last ? create : next} busy={busy} error={error} onClose={onClose}
                   submit={last ? _("Create") : _("Next")} submitTest={last ? "job-save" : "job-next"}
                   actions={step > 0 &&
                       <Button variant="secondary" onClick={() => setStep(step - 1)} data-test="job-back">{_("Back")}</Button>}>
            <ProgressStepper isCenterAligned aria-label={_("Steps")}>
                {STEPS.map((s, i) =>
                    <ProgressStep key={s.title} id={`job-step-${i}`} titleId={`job-step-${i}-title`}
                                  variant={i < step ? "success" : i === step ? "info" : "pending"}
                                  isCurrent={i === step}>
                        {s.title}
                    </ProgressStep>)}
            </ProgressStepper>
            {fields[step]}
        </FormModal>
    );
}
