// The restore dialog's fields: what (the chosen paths or the host's source
// paths), where to (the original place, another folder on the host, or a
// folder under the appliance's restore root) and whether to delete. The
// API's 400s show at the field they name (paths, to).
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { display } from "../../bytePath.js";
import { useSession } from "../../session.jsx";

const SHOWN_PATHS = 10;

function Helper({ error, hint, test }) {
    if (!error && !hint)
        return null;
    return (
        <FormHelperText>
            <HelperText>
                <HelperTextItem variant={error ? "error" : "default"} data-test={error ? test : undefined}>
                    {error || hint}
                </HelperTextItem>
            </HelperText>
        </FormHelperText>
    );
}

export function RestoreForm({ host, selected, fields, onChange, errors, hints, disabled }) {
    const { restoreRoot } = useSession();
    const set = (key, value) => onChange({ ...fields, [key]: value });
    const shown = selected.slice(0, SHOWN_PATHS);
    return (
        <Form onSubmit={e => e.preventDefault()} data-test="restore-form">
            <FormGroup role="radiogroup" label={_("What")} fieldId="restore-scope" isStack>
                <Radio id="restore-scope-selected" name="restore-scope" isDisabled={disabled || !selected.length}
                       isChecked={fields.scope === "selected"} onChange={() => set("scope", "selected")}
                       data-test="restore-scope-selected"
                       label={cockpit.format(_("The chosen paths ($0)"), selected.length)}
                       description={shown.length > 0 &&
                           <span data-test="restore-paths">
                               {shown.map(p => <code key={p}>{display(p)} </code>)}
                               {selected.length > shown.length && "…"}
                           </span>} />
                <Radio id="restore-scope-sources" name="restore-scope" isDisabled={disabled}
                       isChecked={fields.scope === "sources"} onChange={() => set("scope", "sources")}
                       data-test="restore-scope-sources"
                       label={_("The whole snapshot: every source path of the host it holds")} />
                <Helper error={errors.paths} test="restore-error-paths" />
            </FormGroup>
            <FormGroup role="radiogroup" label={_("To")} fieldId="restore-target" isStack>
                <Radio id="restore-to-host" name="restore-to" isDisabled={disabled}
                       isChecked={fields.target === "host"} onChange={() => set("target", "host")}
                       data-test="restore-to-host"
                       label={cockpit.format(_("Back to $0, the original place"), host)} />
                <Radio id="restore-to-elsewhere" name="restore-to" isDisabled={disabled}
                       isChecked={fields.target === "elsewhere"} onChange={() => set("target", "elsewhere")}
                       data-test="restore-to-elsewhere"
                       label={cockpit.format(_("To another folder on $0 (files land at FOLDER/their full path)"), host)} />
                {fields.target === "elsewhere" &&
                    <TextInput aria-label={_("Folder on the host")} value={fields.hostPath} isDisabled={disabled}
                               placeholder="/srv/restored" data-test="restore-host-path"
                               validated={errors.to ? "error" : "default"} onChange={(_e, v) => set("hostPath", v)} />}
                <Radio id="restore-to-local" name="restore-to" isDisabled={disabled}
                       isChecked={fields.target === "local"} onChange={() => set("target", "local")}
                       data-test="restore-to-local"
                       label={restoreRoot
                           ? cockpit.format(_("To a folder on this appliance, under its restore root $0"), restoreRoot)
                           : _("To a folder on this appliance, under its restore root")} />
                {fields.target === "local" &&
                    <TextInput aria-label={_("Folder under the restore root")} value={fields.localDir}
                               isDisabled={disabled} placeholder={cockpit.format(_("$0-restore"), host)}
                               data-test="restore-local-dir" validated={errors.to ? "error" : "default"}
                               onChange={(_e, v) => set("localDir", v)} />}
                <Helper error={errors.to} hint={hints.to} test="restore-error-to" />
            </FormGroup>
            <FormGroup fieldId="restore-delete">
                <Checkbox id="restore-delete" isChecked={fields.del} isDisabled={disabled} data-test="restore-delete"
                          onChange={(_e, on) => set("del", on)}
                          label={_("Delete files in the restored folders that the snapshot does not hold")} />
                {fields.del &&
                    <Alert variant="danger" isInline isPlain data-test="restore-delete-warning"
                           title={_("Files added since this snapshot are deleted from the target. Read the dry run's deletions before restoring.")} />}
            </FormGroup>
        </Form>
    );
}
