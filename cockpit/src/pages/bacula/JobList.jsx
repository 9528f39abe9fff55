// #/bacula/jobs: the director's Job resources with their last run, filtered
// by status, client and schedule (in the URL), a page at a time.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listBaculaJobs } from "../../api/baculaJobs.js";
import { go } from "../../location.js";
import { MANAGE } from "../../permissions.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { JobWizard } from "./JobWizard.jsx";
import { loadJobChoices } from "./jobChoices.js";
import { RUN_STATUSES, RunStatus, statusText } from "./RunStatus.jsx";

const PAGE = 50;
const JOB_STATUSES = [...RUN_STATUSES, "never-run"];

function Filter({ id, label, value, values, labelOf = v => v, onChange }) {
    return (
        <ToolbarItem>
            <FormSelect aria-label={label} value={value} onChange={(_e, v) => onChange(id, v)}
                        data-test={`filter-${id}`}>
                <FormSelectOption value="" label={label} />
                {values.map(v => <FormSelectOption key={v} value={v} label={labelOf(v)} />)}
            </FormSelect>
        </ToolbarItem>
    );
}

export function JobList({ options }) {
    const filters = { status: options.status || "", client: options.client || "", schedule: options.schedule || "" };
    const key = JSON.stringify(filters);
    const { data, error, loading, reload, update } = useResource(() => listBaculaJobs({ ...filters, limit: PAGE }), [key]);
    const choices = useResource(loadJobChoices, []);
    const [creating, setCreating] = useState(false);
    const [moreError, setMoreError] = useState(null);
    useReloadOn(["task-state"], reload);

    const setFilter = (id, v) => go(["bacula", "jobs"], { ...options, [id]: v || undefined });
    const more = () =>
        listBaculaJobs({ ...filters, limit: PAGE, cursor: data.next })
                .then(page => update(d => ({ jobs: [...d.jobs, ...page.jobs], next: page.next })), setMoreError);

    if (!data && !loading)
        return <BaculaError error={error} />;
    return (
        <div data-test="bacula-jobs">
            <Toolbar>
                <ToolbarContent>
                    <Filter id="status" label={_("Any status")} value={filters.status} values={JOB_STATUSES}
                            labelOf={statusText} onChange={setFilter} />
                    <Filter id="client" label={_("Any client")} value={filters.client}
                            values={choices.data?.clients || []} onChange={setFilter} />
                    <Filter id="schedule" label={_("Any schedule")} value={filters.schedule}
                            values={choices.data?.schedules || []} onChange={setFilter} />
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setCreating(true)} data-test="job-create"
                                      isDisabled={!choices.data}>
                            {_("Create job")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={error || moreError || choices.error} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && data.jobs.length === 0 && <p className="bams-muted" data-test="jobs-empty">{_("No jobs.")}</p>}
            {data && data.jobs.length > 0 &&
                <Table variant="compact" aria-label={_("Jobs")} data-test="jobs-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Job")}</Th>
                            <Th>{_("Last run")}</Th>
                            <Th>{_("Client")}</Th>
                            <Th>{_("File set")}</Th>
                            <Th>{_("Schedule")}</Th>
                            <Th>{_("Pool")}</Th>
                            <Th>{_("Next run")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.jobs.map(j =>
                            <Tr key={j.name} data-job={j.name} data-status={j.status}>
                                <Td dataLabel={_("Job")}>
                                    <a href={`#/bacula/jobs/${encodeURIComponent(j.name)}`}>{j.name}</a>
                                </Td>
                                <Td dataLabel={_("Last run")}>
                                    <RunStatus status={j.status} />{" "}
                                    <Time value={j.last_run?.started} />
                                </Td>
                                <Td dataLabel={_("Client")}>{j.client}</Td>
                                <Td dataLabel={_("File set")}>{j.fileset}</Td>
                                <Td dataLabel={_("Schedule")}>{j.schedule}</Td>
                                <Td dataLabel={_("Pool")}>{j.pool}</Td>
                                <Td dataLabel={_("Next run")}><Time value={j.next_run} /></Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {data?.next && <Button variant="link" onClick={more} data-test="jobs-more">{_("Load more")}</Button>}
            {creating &&
                <JobWizard choices={choices.data} onClose={() => setCreating(false)}
                           onCreated={job => go(["bacula", "jobs", job.name])} />}
        </div>
    );
}
