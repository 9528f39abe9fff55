// The shell of every dialog that asks, then does one thing: its title, the
// body, the error of the last try, and a footer with the action (busy while
// it runs) and Cancel. The dialog keeps its own state (fields, busy, error):
// the shell only draws it, so each dialog still decides which errors show
// at a field and which here.
//
// With onSubmit the body is a form: Enter in a field and the action button
// both submit it. Without, the dialog brings its own form and buttons
// (actions) and the shell adds Cancel. danger marks a deletion: a warning
// icon by the title and a red action button.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";

import { _ } from "../cockpit.js";
import { ApiErrorAlert } from "./ApiErrorAlert.jsx";

export function FormModal({
    id, test, title, description, variant = "small", isHorizontal, danger,
    onSubmit, submit, submitTest, busy, canSubmit = true, error, errorTitle,
    actions, closeLabel = _("Cancel"), closeTest, footnote, onClose, children,
}) {
    const alert = <ApiErrorAlert error={error} title={errorTitle} />;
    return (
        <Modal isOpen onClose={onClose} variant={variant} aria-labelledby={`${id}-title`} data-test={test}>
            <ModalHeader labelId={`${id}-title`} title={title} description={description}
                         titleIconVariant={danger ? "warning" : undefined} />
            <ModalBody>
                {onSubmit
                    ? <Form id={id} isHorizontal={isHorizontal} onSubmit={ev => { ev.preventDefault(); onSubmit() }}>
                        {children}
                        {alert}
                    </Form>
                    : <>{children}{alert}</>}
            </ModalBody>
            <ModalFooter>
                {submit &&
                    <Button type="submit" form={id} variant={danger ? "danger" : "primary"} isLoading={busy}
                            isDisabled={busy || !canSubmit} data-test={submitTest}>
                        {submit}
                    </Button>}
                {actions}
                <Button variant="link" onClick={onClose} data-test={closeTest}>{closeLabel}</Button>
                {footnote}
            </ModalFooter>
        </Modal>
    );
}
