// A button for something that needs a polkit action. When /me says the user
// may not do it, the button stays visible but disabled, with a tooltip that
// names the group granting it, so the user knows whom to ask.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

import { useSession } from "../session.jsx";
import { deniedReason, groupFor } from "../permissions.js";

export function ActionButton({ action, children, ...props }) {
    const { can } = useSession();
    if (can(action))
        return <Button {...props}>{children}</Button>;
    // isAriaDisabled (not isDisabled) keeps pointer events, so the tooltip shows.
    return (
        <Tooltip content={<span data-test="denied-reason">{deniedReason(action)}</span>}>
            <Button {...props} onClick={undefined} isDisabled={false} isLoading={undefined} isAriaDisabled
                    data-denied-group={groupFor(action)}>
                {children}
            </Button>
        </Tooltip>
    );
}
