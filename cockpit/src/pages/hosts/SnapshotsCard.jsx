// A host's snapshots, newest first, with size, date, kind, state and base,
// filtered through the URL, each with its pin (if protected) and actions.
// Dates are in the appliance's time zone, which the answer names. reloadKey
// changes when a run of the host ends.
import { useEffect, useState } from "react";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { discoverSnapshots, listSnapshots } from "../../api/hosts.js";
import { go } from "../../location.js";
import { bytes, duration } from "../../format.js";
import { useResource } from "../../hooks.js";
import { MANAGE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";
import { KINDS, SnapshotState } from "../../components/SnapshotState.jsx";
import { FILTERS, SnapshotFilters } from "./SnapshotFilters.jsx";
import { SnapshotActions } from "./SnapshotActions.jsx";
import { SnapshotPin } from "./SnapshotPin.jsx";

const took = s => (s.started && s.finished ? duration((Date.parse(s.finished) - Date.parse(s.started)) / 1000) : "");

function SnapshotTable({ host, snapshots, timeZone, onChanged, onError }) {
    return (
        <Table variant="compact" aria-label={_("Snapshots")} data-test="snapshots-table">
            <Thead>
                <Tr>
                    <Th>{_("Started")}</Th>
                    <Th>{_("Kind")}</Th>
                    <Th>{_("State")}</Th>
                    <Th>{_("Size")}</Th>
                    <Th>{_("New data")}</Th>
                    <Th>{_("Took")}</Th>
                    <Th>{_("Base")}</Th>
                    <Th>{_("Protection")}</Th>
                    <Th screenReaderText={_("Actions")} />
                </Tr>
            </Thead>
            <Tbody>
                {snapshots.map(s =>
                    <Tr key={s.name} data-snapshot={s.name} data-kind={s.kind} data-state={s.state}
                        data-size={s.total_bytes}>
                        <Td dataLabel={_("Started")}>
                            {s.started ? <Time value={s.started} timeZone={timeZone} /> : <code>{s.name}</code>}
                        </Td>
                        <Td dataLabel={_("Kind")} data-test="snapshot-kind">{KINDS[s.kind] || s.kind}</Td>
                        <Td dataLabel={_("State")}><SnapshotState snapshot={s} /></Td>
                        <Td dataLabel={_("Size")} data-test="snapshot-size">{s.state === "failed" ? "" : bytes(s.total_bytes)}</Td>
                        <Td dataLabel={_("New data")}>{s.state === "failed" ? "" : bytes(s.new_bytes)}</Td>
                        <Td dataLabel={_("Took")}>{took(s)}</Td>
                        <Td dataLabel={_("Base")} data-test="snapshot-base">{s.base && <code>{s.base}</code>}</Td>
                        <Td dataLabel={_("Protection")}><SnapshotPin protection={s.protected} timeZone={timeZone} /></Td>
                        <Td isActionCell>
                            <SnapshotActions host={host} snapshot={s} onChanged={onChanged} onError={onError} />
                        </Td>
                    </Tr>)}
            </Tbody>
        </Table>
    );
}

export function SnapshotsCard({ host, options, reloadKey }) {
    const filters = Object.fromEntries(FILTERS.map(f => [f, options[f] || ""]));
    const key = JSON.stringify(filters);
    const { data, error, loading, reload, update } = useResource(() => listSnapshots(host.name, filters),
                                                         [host.name, key]);
    const [discovered, setDiscovered] = useState(null);
    useEffect(() => {
        if (reloadKey)
            reload();
    }, [reloadKey]);
    const [actionError, setActionError] = useState(null);

    const change = (name, value) => {
        const next = { ...filters, [name]: value };
        go(["hosts", host.name], Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
    };

    const changed = snap => {
        setActionError(null);
        update(d => ({ ...d, snapshots: d.snapshots.map(s => (s.name === snap.name ? snap : s)) }));
    };

    const discover = () => {
        setActionError(null);
        discoverSnapshots(host.name).then(r => { setDiscovered(r); reload() }, setActionError);
    };

    const oldest = host.created ? new Date(host.created).getFullYear() : null;
    return (
        <Card data-test="snapshots-card">
            <CardHeader actions={{
                actions: (
                    <ActionButton action={MANAGE} variant="secondary" onClick={discover} data-test="snapshots-discover">
                        {_("Discover on disk")}
                    </ActionButton>
                ),
            }}>
                <CardTitle>
                    {_("Snapshots")}{" "}
                    <a href={`#/hosts/${host.name}/retention`} data-test="retention-link">{_("Retention plan")}</a>
                </CardTitle>
            </CardHeader>
            <CardBody>
                <SnapshotFilters filters={filters} oldestYear={oldest} onChange={change} />
                <ApiErrorAlert error={error || actionError} />
                {discovered &&
                    <p data-test="discover-result">
                        {cockpit.format(_("Discover found $0 new, $1 known, $2 skipped."),
                                        discovered.added.length, discovered.known, discovered.skipped?.length || 0)}
                    </p>}
                {loading && <Spinner aria-label={_("Loading")} />}
                {data &&
                    <p className="bams-muted" data-test="snapshots-time-zone">
                        {cockpit.format(_("Times in $0"), data.time_zone)}
                    </p>}
                {data && data.snapshots.length === 0 &&
                    <p className="bams-muted" data-test="snapshots-empty">{_("No snapshots match.")}</p>}
                {data && data.snapshots.length > 0 &&
                    <SnapshotTable host={host.name} snapshots={data.snapshots} timeZone={data.time_zone}
                                   onChanged={changed} onError={setActionError} />}
            </CardBody>
        </Card>
    );
}
