// Creating a backup job in three steps: what (name, client), which files and
// when (file set, schedule), where (pool, storage, level), then a review.
// Choices come from the API; the API's 400 names a field, and the wizard
// goes back to that field's step to show it there.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { ProgressStep, ProgressStepper } from "@patternfly/react-core/dist/esm/components/ProgressStepper/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import { _ } from "../../cockpit.js";
import { createBaculaJob } from "../../api/baculaJobs.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

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

function Problem({ id, text, help }) {
    if (!text && !help)
        return null;
    return (
        <FormHelperText>
            <HelperText>
                <HelperTextItem variant={text ? "error" : "default"} data-test={text ? `job-problem-${id}` : undefined}>
                    {text || help}
                </HelperTextItem>
            </HelperText>
        </FormHelperText>
    );
}

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
        <FormGroup label={LABELS[id]} fieldId={`job-${id}`} isRequired={!optional} key={id}>
            <FormSelect id={`job-${id}`} value={job[id]} onChange={(_e, v) => set(id, v)} data-test={`job-field-${id}`}
                        validated={problems[id] ? "error" : "default"}>
                {optional && <FormSelectOption value="" label={optional} />}
                {values.map(v => <FormSelectOption key={v} value={v} label={v} />)}
            </FormSelect>
            <Problem id={id} text={problems[id]} />
        </FormGroup>;

    const fields = [
        <>
            <FormGroup label={LABELS.name} fieldId="job-name" isRequired>
                <TextInput id="job-name" value={job.name} onChange={(_e, v) => set("name", v)} data-test="job-field-name"
                           validated={problems.name ? "error" : "default"} />
                <Problem id="name" text={problems.name} help={_("The director's Job resource; cannot be changed later")} />
            </FormGroup>
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
        <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="job-wizard-title" data-test="job-wizard">
            <ModalHeader labelId="job-wizard-title" title={_("Create backup job")} />
            <ModalBody>
                <ProgressStepper isCenterAligned aria-label={_("Steps")}>
                    {STEPS.map((s, i) =>
                        <ProgressStep key={s.title} id={`job-step-${i}`} titleId={`job-step-${i}-title`}
                                      variant={i < step ? "success" : i === step ? "info" : "pending"}
                                      isCurrent={i === step}>
                            {s.title}
                        </ProgressStep>)}
                </ProgressStepper>
                <Form id="job-wizard-form" isHorizontal className="bams-section" data-step={step}
                      onSubmit={ev => { ev.preventDefault(); last ? create() : next() }}>
                    {fields[step]}
                    <ApiErrorAlert error={error} />
                </Form>
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="job-wizard-form" isLoading={busy} isDisabled={busy}
                        data-test={last ? "job-save" : "job-next"}>
                    {last ? _("Create") : _("Next")}
                </Button>
                {step > 0 && <Button variant="secondary" onClick={() => setStep(step - 1)} data-test="job-back">{_("Back")}</Button>}
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
