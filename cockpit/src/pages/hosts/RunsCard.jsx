// The host's runs (backups, restores, retention), each linking to its task
// page with the full log.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { TASK_KINDS } from "./hostRuns.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";

export function RunsCard({ runs }) {
    const { data, error, loading } = runs;
    return (
        <Card data-test="runs-card">
            <CardTitle>{_("Runs")}</CardTitle>
            <CardBody>
                <ApiErrorAlert error={error} />
                {loading && <Spinner aria-label={_("Loading")} />}
                {data && data.length === 0 && <p className="bams-muted" data-test="runs-empty">{_("No runs yet.")}</p>}
                {data && data.length > 0 &&
                    <Table variant="compact" aria-label={_("Runs")} data-test="runs-table">
                        <Thead>
                            <Tr>
                                <Th>{_("Started")}</Th>
                                <Th>{_("Kind")}</Th>
                                <Th>{_("State")}</Th>
                                <Th width={40}>{_("Progress")}</Th>
                                <Th>{_("Started by")}</Th>
                                <Th>{_("Log")}</Th>
                            </Tr>
                        </Thead>
                        <Tbody>
                            {data.map(t =>
                                <Tr key={t.id} data-task-id={t.id} data-kind={t.kind} data-state={t.state}>
                                    <Td dataLabel={_("Started")}><Time value={t.started || t.created} /></Td>
                                    <Td dataLabel={_("Kind")}>
                                        {TASK_KINDS[t.kind] || t.kind}{t.result?.dry_run ? " " + _("(dry run)") : ""}
                                    </Td>
                                    <Td dataLabel={_("State")}><TaskState task={t} /></Td>
                                    <Td dataLabel={_("Progress")}>
                                        {t.state === "failed" ? t.error : <TaskProgress task={t} />}
                                    </Td>
                                    <Td dataLabel={_("Started by")}>{t.started_by?.user}</Td>
                                    <Td dataLabel={_("Log")}><a href={`#/tasks/${t.id}`}>{_("Log")}</a></Td>
                                </Tr>)}
                        </Tbody>
                    </Table>}
            </CardBody>
        </Card>
    );
}
