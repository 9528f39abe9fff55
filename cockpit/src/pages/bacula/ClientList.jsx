// #/bacula/clients: the director's file daemons and their last backup.
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listBaculaClients } from "../../api/baculaStorage.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";
import { RunStatus } from "./RunStatus.jsx";
import { retention } from "./units.js";

export function ClientList() {
    const { data, error, loading, reload } = useResource(listBaculaClients, []);
    useReloadOn(["task-state"], reload);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <BaculaError error={error} />;
    return (
        <div data-test="bacula-clients">
            <BaculaError error={error} />
            <Table variant="compact" aria-label={_("Clients")} data-test="clients-table">
                <Thead>
                    <Tr>
                        <Th>{_("Client")}</Th>
                        <Th>{_("Address")}</Th>
                        <Th>{_("Last backup")}</Th>
                        <Th>{_("File retention")}</Th>
                        <Th>{_("Job retention")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {data.clients.map(c =>
                        <Tr key={c.name} data-client={c.name} data-status={c.status}>
                            <Td dataLabel={_("Client")}>
                                <a href={`#/bacula/clients/${encodeURIComponent(c.name)}`}>{c.name}</a>
                                {!c.enabled && <span className="bams-muted"> {_("(disabled)")}</span>}
                            </Td>
                            <Td dataLabel={_("Address")}>{c.address}{c.port ? `:${c.port}` : ""}</Td>
                            <Td dataLabel={_("Last backup")}>
                                <RunStatus status={c.status} /> <Time value={c.last_backup?.started} />
                            </Td>
                            <Td dataLabel={_("File retention")}>{retention(c.file_retention_seconds)}</Td>
                            <Td dataLabel={_("Job retention")}>{retention(c.job_retention_seconds)}</Td>
                        </Tr>)}
                </Tbody>
            </Table>
        </div>
    );
}
