// #/storage/pools/<name>: a pool's state, its vdev tree with each device's
// read/write/checksum errors, and its scrub: started here as a task whose
// progress follows the scan line live.
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getPool, scrubPool, stopPoolScrub } from "../../api/storage.js";
import { bytes, duration } from "../../format.js";
import { OPERATE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { Health, StorageError, UsageBar, UsedBy, useScrub } from "./parts.jsx";

function scanText(s) {
    switch (s.state) {
    case "none":
        return _("never scrubbed");
    case "in-progress":
        return cockpit.format(_("$0 in progress: $1% done"), s.function, s.percent.toFixed(1)) +
            (s.eta_seconds ? cockpit.format(_(", $0 left"), duration(s.eta_seconds)) : "");
    default:
        return cockpit.format(_("$0 $1, $2 errors, $3 repaired"), s.function, s.state, s.errors, bytes(s.repaired || 0));
    }
}

function rows(vdevs, depth = 0) {
    return vdevs.flatMap(v => [
        <Tr key={`${depth}-${v.name}`} data-vdev={v.name} data-state={v.state || ""}>
            <Td dataLabel={_("Device")}><span style={{ paddingLeft: `${depth * 1.5}em` }}>{v.name}</span></Td>
            <Td dataLabel={_("State")}>{v.state ? <Health value={v.state} /> : ""}</Td>
            <Td dataLabel={_("Read")}>{v.read}</Td>
            <Td dataLabel={_("Write")}>{v.write}</Td>
            <Td dataLabel={_("Checksum")}>{v.checksum}</Td>
            <Td dataLabel={_("Note")}>{v.note || ""}</Td>
        </Tr>,
        ...rows(v.children || [], depth + 1),
    ]);
}

export function PoolDetail({ name }) {
    const { data, error, loading, reload } = useResource(() => getPool(name), [name]);
    const scrub = useScrub(scrubPool, reload);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <StorageError error={error} what={_("ZFS")} />;
    return (
        <div data-test="pool-detail" data-pool={name}>
            <Title headingLevel="h2">{cockpit.format(_("Pool $0"), name)} <Health value={data.health} /></Title>
            {data.status && <Alert isInline variant="warning" title={data.status}>{data.action}</Alert>}
            <DescriptionList isHorizontal>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Used")}</DescriptionListTerm>
                    <DescriptionListDescription><UsageBar used={data.allocated} size={data.size} /></DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Used by")}</DescriptionListTerm>
                    <DescriptionListDescription><UsedBy users={data.used_by} /></DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Scrub")}</DescriptionListTerm>
                    <DescriptionListDescription data-test="pool-scan" data-scan-state={data.scan.state}>
                        {scanText(data.scan)}{" "}
                        {data.scan.state === "in-progress" && data.scan.function === "scrub"
                            ? <ActionButton action={OPERATE} variant="secondary" size="sm" data-test="pool-scrub-stop"
                                            onClick={() => stopPoolScrub(name).then(reload, scrub.fail)}>
                                {_("Stop scrub")}
                            </ActionButton>
                            : <ActionButton action={OPERATE} variant="secondary" size="sm" onClick={() => scrub.start(name)}
                                            isDisabled={scrub.running} data-test="pool-scrub">
                                {_("Scrub now")}
                            </ActionButton>}
                    </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                    <DescriptionListTerm>{_("Errors")}</DescriptionListTerm>
                    <DescriptionListDescription>{data.errors}</DescriptionListDescription>
                </DescriptionListGroup>
            </DescriptionList>
            <ApiErrorAlert error={scrub.error} />
            {scrub.task &&
                <div data-test="pool-scrub-task" data-state={scrub.task.state}><TaskProgress task={scrub.task} /></div>}
            <Table variant="compact" aria-label={_("Devices")} data-test="vdev-tree">
                <Thead>
                    <Tr>
                        <Th>{_("Device")}</Th>
                        <Th>{_("State")}</Th>
                        <Th>{_("Read")}</Th>
                        <Th>{_("Write")}</Th>
                        <Th>{_("Checksum")}</Th>
                        <Th>{_("Note")}</Th>
                    </Tr>
                </Thead>
                <Tbody>{rows(data.vdevs)}</Tbody>
            </Table>
        </div>
    );
}
