// Adding a host (no host given) or changing one's settings, in a modal.
// Checks what it can before sending; the API's 400 shows at its field.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { TextArea } from "@patternfly/react-core/dist/esm/components/TextArea/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { createHost, updateHost } from "../../api/hosts.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { toFields, toHost, validate } from "./hostForm.js";

const ADVANCED = ["include", "exclude", "bandwidth_kbps", "io_timeout_seconds",
    "pre_backup", "post_backup", "pre_restore", "post_restore"];

function Field({ id, label, help, problem, multiline, isRequired, value, onChange, ...props }) {
    const Input = multiline ? TextArea : TextInput;
    return (
        <FormGroup label={label} fieldId={`host-${id}`} isRequired={isRequired}>
            <Input id={`host-${id}`} value={value} onChange={(_e, v) => onChange(id, v)} data-test={`host-field-${id}`}
                   validated={problem ? "error" : "default"} autoResize={multiline || undefined} {...props} />
            {(problem || help) &&
                <FormHelperText>
                    <HelperText>
                        <HelperTextItem variant={problem ? "error" : "default"}
                                        data-test={problem ? `host-problem-${id}` : undefined}>
                            {problem || help}
                        </HelperTextItem>
                    </HelperText>
                </FormHelperText>}
        </FormGroup>
    );
}

export function HostForm({ host, onClose, onSaved }) {
    const [fields, setFields] = useState(() => toFields(host));
    const [problems, setProblems] = useState({});
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [advanced, setAdvanced] = useState(false);
    const editing = !!host;

    const set = (id, v) => setFields(f => ({ ...f, [id]: v }));
    const field = (id, label, props = {}) =>
        <Field id={id} label={label} value={fields[id]} onChange={set} problem={problems[id]} {...props} />;

    const save = ev => {
        ev.preventDefault();
        const h = toHost(fields);
        const found = validate(h);
        setProblems(found);
        setError(null);
        if (Object.keys(found).length > 0)
            return;
        setBusy(true);
        (editing ? updateHost(host.name, h) : createHost(h))
                .then(saved => { onSaved(saved); onClose() })
                .catch(e => {
                    if (e.field && e.field in fields)
                        setProblems({ [e.field]: e.message });
                    setError(e);
                })
                .finally(() => setBusy(false));
    };

    return (
        <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="host-form-title" data-test="host-form">
            <ModalHeader labelId="host-form-title"
                         title={editing ? cockpit.format(_("Settings of $0"), host.name) : _("Add host")} />
            <ModalBody>
                <Form id="host-form" onSubmit={save} isHorizontal>
                    <ApiErrorAlert error={error} />
                    {!editing && field("name", _("Name"), {
                        isRequired: true, help: _("Also the folder under the backup root; cannot be changed later"),
                    })}
                    {field("address", _("Address"), { isRequired: true, help: _("DNS name or IP address") })}
                    {field("port", _("SSH port"), { type: "number" })}
                    {field("user", _("SSH user"))}
                    {field("paths", _("Folders to back up"), {
                        multiline: true, isRequired: true, help: _("Absolute paths, one per line"),
                    })}
                    <Checkbox id="host-enabled" label={_("Enabled")} isChecked={fields.enabled}
                              onChange={(_e, v) => set("enabled", v)} data-test="host-field-enabled" />
                    <ExpandableSection toggleText={_("Advanced")} data-test="host-advanced"
                                       isExpanded={advanced || ADVANCED.some(f => problems[f])}
                                       onToggle={(_e, v) => setAdvanced(v)}>
                        {field("include", _("Include patterns"), { multiline: true, help: _("rsync patterns, one per line") })}
                        {field("exclude", _("Exclude patterns"), { multiline: true, help: _("rsync patterns, one per line") })}
                        {field("bandwidth_kbps", _("Bandwidth limit"), { type: "number", help: _("KiB/s, 0 for no limit") })}
                        {field("io_timeout_seconds", _("I/O timeout"), {
                            type: "number", help: _("Seconds without any transfer before a run is aborted"),
                        })}
                        {field("pre_backup", _("Before backup"), { help: _("Command run on the host over SSH") })}
                        {field("post_backup", _("After backup"))}
                        {field("pre_restore", _("Before restore"))}
                        {field("post_restore", _("After restore"))}
                    </ExpandableSection>
                </Form>
            </ModalBody>
            <ModalFooter>
                <Button type="submit" form="host-form" isLoading={busy} isDisabled={busy} data-test="host-save">
                    {editing ? _("Save") : _("Add")}
                </Button>
                <Button variant="link" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
