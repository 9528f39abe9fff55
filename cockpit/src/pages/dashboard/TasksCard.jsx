// Work in progress (with live progress bars) and recent failures; each task
// links to its page with the log.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Table, Tbody, Td, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";

function TaskRows({ tasks, label, empty, test }) {
    if (tasks.length === 0)
        return <p className="bams-muted" data-test={test}>{empty}</p>;
    return (
        <Table variant="compact" aria-label={label} data-test={test}>
            <Tbody>
                {tasks.map(t =>
                    <Tr key={t.id} data-task-id={t.id} data-state={t.state}>
                        <Td><a href={`#/tasks/${t.id}`}>{t.kind}{t.target ? ` ${t.target}` : ""}</a></Td>
                        <Td><TaskState task={t} /></Td>
                        <Td width={40}>
                            {t.state === "failed" ? t.error : <TaskProgress task={t} />}
                        </Td>
                        <Td><Time value={t.finished || t.started || t.created} /></Td>
                    </Tr>)}
            </Tbody>
        </Table>
    );
}

export function TasksCard({ running, failed }) {
    return (
        <Card data-test="tasks-card">
            <CardTitle><a href="#/tasks">{_("Tasks")}</a></CardTitle>
            <CardBody>
                <Title headingLevel="h3" size="md">{_("Running")}</Title>
                <TaskRows tasks={running} label={_("Running tasks")} test="running-tasks"
                          empty={_("Nothing is running.")} />
                <Title headingLevel="h3" size="md">{_("Recently failed")}</Title>
                <TaskRows tasks={failed} label={_("Recently failed tasks")} test="failed-tasks"
                          empty={_("No recent failures.")} />
            </CardBody>
        </Card>
    );
}
