// #/bacula/history: every run, newest first, filtered by status, job and
// client (in the URL), a page at a time; each links to its log.
import { useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import { _ } from "../../cockpit.js";
import { listBaculaRuns } from "../../api/baculaJobs.js";
import { go } from "../../location.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { RUN_STATUSES, statusText } from "./RunStatus.jsx";
import { RunTable } from "./RunTable.jsx";

const PAGE = 50;

export function HistoryList({ options }) {
    const filters = { status: options.status || "", job: options.job || "", client: options.client || "" };
    const key = JSON.stringify(filters);
    const { data, error, loading, reload, update } = useResource(() => listBaculaRuns({ ...filters, limit: PAGE }), [key]);
    const [job, setJob] = useState(filters.job);
    const [client, setClient] = useState(filters.client);
    const [actionError, setActionError] = useState(null);
    useReloadOn(["task-state"], reload);

    const apply = changed => go(["bacula", "history"], Object.fromEntries(
        Object.entries({ ...filters, ...changed }).filter(([, v]) => v)));
    const more = () =>
        listBaculaRuns({ ...filters, limit: PAGE, cursor: data.next })
                .then(page => update(d => ({ ...d, runs: [...d.runs, ...page.runs], next: page.next })), setActionError);

    if (!data && !loading)
        return <BaculaError error={error} />;
    return (
        <div data-test="bacula-history">
            <Form onSubmit={ev => { ev.preventDefault(); apply({ job, client }) }}>
                <Toolbar>
                    <ToolbarContent>
                        <ToolbarItem>
                            <FormSelect aria-label={_("Status")} value={filters.status} data-test="filter-status"
                                        onChange={(_e, v) => apply({ status: v })}>
                                <FormSelectOption value="" label={_("Any status")} />
                                {RUN_STATUSES.map(s => <FormSelectOption key={s} value={s} label={statusText(s)} />)}
                            </FormSelect>
                        </ToolbarItem>
                        <ToolbarItem>
                            <TextInput aria-label={_("Job")} placeholder={_("Job")} value={job}
                                       onChange={(_e, v) => setJob(v)} data-test="filter-job" />
                        </ToolbarItem>
                        <ToolbarItem>
                            <TextInput aria-label={_("Client")} placeholder={_("Client")} value={client}
                                       onChange={(_e, v) => setClient(v)} data-test="filter-client" />
                        </ToolbarItem>
                        <ToolbarItem>
                            <Button type="submit" variant="secondary" data-test="filter-apply">{_("Filter")}</Button>
                        </ToolbarItem>
                    </ToolbarContent>
                </Toolbar>
            </Form>
            <ApiErrorAlert error={error || actionError} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && <RunTable runs={data.runs} label={_("Runs")} onChanged={reload} onError={setActionError} />}
            {data?.next && <Button variant="link" onClick={more} data-test="history-more">{_("Load more")}</Button>}
        </div>
    );
}
