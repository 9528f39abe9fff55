// Filters for the audit trail: user, polkit action, time window. They live
// in the URL (#/audit?user=..&action=..&since=..&until=..) so a filtered
// view is a link.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import { _ } from "../../cockpit.js";
import { ACTIONS } from "../../permissions.js";
import { isoToLocalInput, localInputToISO } from "../../format.js";

export function AuditFilters({ filters, onApply }) {
    const [user, setUser] = useState(filters.user || "");
    const [action, setAction] = useState(filters.action || "");
    const [since, setSince] = useState(isoToLocalInput(filters.since));
    const [until, setUntil] = useState(isoToLocalInput(filters.until));

    const submit = ev => {
        ev.preventDefault();
        onApply({ user, action, since: localInputToISO(since), until: localInputToISO(until) });
    };

    return (
        <Form onSubmit={submit} data-test="audit-filters">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <TextInput aria-label={_("User")} placeholder={_("User")} value={user}
                                   onChange={(_e, v) => setUser(v)} data-test="filter-user" />
                    </ToolbarItem>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Action")} value={action} onChange={(_e, v) => setAction(v)}
                                    data-test="filter-action">
                            <FormSelectOption value="" label={_("Any action")} />
                            {ACTIONS.map(a => <FormSelectOption key={a} value={a} label={a} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <TextInput type="datetime-local" aria-label={_("Since")} value={since}
                                   onChange={(_e, v) => setSince(v)} data-test="filter-since" />
                    </ToolbarItem>
                    <ToolbarItem>
                        <TextInput type="datetime-local" aria-label={_("Until")} value={until}
                                   onChange={(_e, v) => setUntil(v)} data-test="filter-until" />
                    </ToolbarItem>
                    <ToolbarItem>
                        <Button type="submit" variant="secondary" data-test="filter-apply">{_("Filter")}</Button>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
        </Form>
    );
}
