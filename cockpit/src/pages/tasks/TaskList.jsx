// All tasks, newest first, filtered by state (in the URL: #/tasks?state=...).
// Rows appear, move and finish live from the events stream.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listTasks } from "../../api/system.js";
import { go } from "../../location.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";
import { applyToList } from "../../components/liveTasks.js";
import { CancelButton } from "./CancelButton.jsx";

const STATES = [
    ["", _("All states")],
    ["queued", _("Queued")],
    ["running", _("Running")],
    ["succeeded", _("Succeeded")],
    ["failed", _("Failed")],
    ["cancelled", _("Cancelled")],
];

export function TaskList({ options }) {
    const state = options.state || "";
    const { data, error, loading, reload, update } = useResource(() => listTasks({ state }), [state]);
    const [actionError, setActionError] = useState(null);

    useReloadOn([], reload); // only to catch up after a stream reconnect
    useEvents(event => update(d => ({ ...d, tasks: applyToList(d.tasks, event, state) })));

    const more = () =>
        listTasks({ state, cursor: data.next })
                .then(page => update(d => ({ tasks: [...d.tasks, ...page.tasks], next: page.next })))
                .catch(setActionError);

    return (
        <PageSection data-test="tasks-page">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect aria-label={_("State")} value={state} data-test="filter-state"
                                    onChange={(_e, v) => go(["tasks"], v ? { state: v } : {})}>
                            {STATES.map(([v, label]) => <FormSelectOption key={v} value={v} label={label} />)}
                        </FormSelect>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error || actionError} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && data.tasks.length === 0 &&
                <p className="bams-muted" data-test="tasks-empty">{_("No tasks.")}</p>}
            {data && data.tasks.length > 0 &&
                <Table variant="compact" aria-label={_("Tasks")} data-test="tasks-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Task")}</Th>
                            <Th>{_("State")}</Th>
                            <Th width={30}>{_("Progress")}</Th>
                            <Th>{_("Started by")}</Th>
                            <Th>{_("Created")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.tasks.map(t =>
                            <Tr key={t.id} data-task-id={t.id} data-state={t.state} data-kind={t.kind}>
                                <Td dataLabel={_("Task")}>
                                    <a href={`#/tasks/${t.id}`}>{t.kind}{t.target ? ` ${t.target}` : ""}</a>
                                </Td>
                                <Td dataLabel={_("State")}><TaskState task={t} /></Td>
                                <Td dataLabel={_("Progress")}><TaskProgress task={t} /></Td>
                                <Td dataLabel={_("Started by")}>{t.started_by?.user}</Td>
                                <Td dataLabel={_("Created")}><Time value={t.created} /></Td>
                                <Td isActionCell><CancelButton task={t} onError={setActionError} /></Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {data?.next && <Button variant="link" onClick={more} data-test="tasks-more">{_("Load more")}</Button>}
        </PageSection>
    );
}
