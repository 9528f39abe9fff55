// One field of a form in a dialog, with its help or, after a refusal, the
// API's (or the form's) words about it. The input is a text field (a
// growing text area when multiline), or the children when given.
import { FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextArea } from "@patternfly/react-core/dist/esm/components/TextArea/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

export function FormField({ form, id, label, help, problem, value, onChange, isRequired, multiline, children, ...props }) {
    const fieldId = `${form}-${id}`;
    const Input = multiline ? TextArea : TextInput;
    return (
        <FormGroup label={label} fieldId={fieldId} isRequired={isRequired}>
            {children ||
                <Input id={fieldId} value={value} onChange={(_e, v) => onChange(id, v)} data-test={`${form}-field-${id}`}
                       validated={problem ? "error" : "default"} autoResize={multiline || undefined} {...props} />}
            {(problem || help) &&
                <FormHelperText>
                    <HelperText>
                        <HelperTextItem variant={problem ? "error" : "default"}
                                        data-test={problem ? `${form}-problem-${id}` : undefined}>
                            {problem || help}
                        </HelperTextItem>
                    </HelperText>
                </FormHelperText>}
        </FormGroup>
    );
}
