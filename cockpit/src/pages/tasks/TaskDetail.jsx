// One task: what it is, who started it, its progress, result and log, all
// following the events stream while it runs.
import { useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getTask } from "../../api/system.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";
import { applyTaskEvent } from "../../components/liveTasks.js";
import { CancelButton } from "./CancelButton.jsx";
import { TaskLog } from "./TaskLog.jsx";

function Field({ label, test, children }) {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{label}</DescriptionListTerm>
            <DescriptionListDescription data-test={test}>{children}</DescriptionListDescription>
        </DescriptionListGroup>
    );
}

export function TaskDetail({ id }) {
    const { data: task, error, loading, reload, update } = useResource(() => getTask(id), [id]);
    const [actionError, setActionError] = useState(null);

    useReloadOn([], reload); // only to catch up after a stream reconnect
    useEvents(event => update(t => applyTaskEvent(t, event)));

    return (
        <PageSection data-test="task-detail" data-task-id={id}>
            <Breadcrumb>
                <BreadcrumbItem to="#/tasks">{_("Tasks")}</BreadcrumbItem>
                <BreadcrumbItem isActive>{task ? task.kind : id}</BreadcrumbItem>
            </Breadcrumb>
            <ApiErrorAlert error={error || actionError} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {task &&
                <Card data-state={task.state}>
                    <CardHeader actions={{ actions: <CancelButton task={task} onError={setActionError} /> }}>
                        <CardTitle>{cockpit.format(_("Task $0"), task.id)}</CardTitle>
                    </CardHeader>
                    <CardBody>
                        <DescriptionList isHorizontal isCompact>
                            <Field label={_("Kind")} test="task-kind">{task.kind}</Field>
                            {task.target && <Field label={_("Target")}>{task.target}</Field>}
                            <Field label={_("State")}><TaskState task={task} /></Field>
                            <Field label={_("Progress")}><TaskProgress task={task} /></Field>
                            {task.error && <Field label={_("Error")} test="task-error">{task.error}</Field>}
                            <Field label={_("Started by")}>
                                {task.started_by?.user} (uid {task.started_by?.uid})
                            </Field>
                            <Field label={_("Created")}><Time value={task.created} /></Field>
                            {task.started && <Field label={_("Started")}><Time value={task.started} /></Field>}
                            {task.finished && <Field label={_("Finished")}><Time value={task.finished} /></Field>}
                        </DescriptionList>
                    </CardBody>
                </Card>}
            {task && <TaskLog lines={task.log || []} />}
        </PageSection>
    );
}
