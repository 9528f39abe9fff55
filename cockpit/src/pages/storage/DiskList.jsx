// #/storage: every disk with what holds it (mounts, LVM, ZFS, btrfs, the
// repositories and LUNs on them) and its SMART health; a free disk says so.
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Label, LabelGroup } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { bytes } from "../../format.js";
import { listDisks } from "../../api/storage.js";
import { useResource } from "../../hooks.js";
import { StorageError, holderText } from "./parts.jsx";

const SMART = { passed: "green", failed: "red" };

export function DiskList() {
    const { data, error, loading } = useResource(listDisks, []);
    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <StorageError error={error} what={_("disks")} />;
    return (
        <div data-test="storage-disks">
            {(data.warnings || []).map(w => <Alert key={w} isInline variant="warning" title={w} data-test="disks-warning" />)}
            <Table variant="compact" aria-label={_("Disks")} data-test="disks-table">
                <Thead>
                    <Tr>
                        <Th>{_("Disk")}</Th>
                        <Th>{_("Size")}</Th>
                        <Th>{_("Model")}</Th>
                        <Th>{_("Health")}</Th>
                        <Th>{_("Held by")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {data.disks.map(d =>
                        <Tr key={d.path} data-disk={d.path}>
                            <Td dataLabel={_("Disk")}>{d.path} <span className="bams-muted">{d.type}</span></Td>
                            <Td dataLabel={_("Size")}>{bytes(d.size)}</Td>
                            <Td dataLabel={_("Model")}>{[d.vendor, d.model, d.serial].filter(Boolean).join(" ") || "-"}</Td>
                            <Td dataLabel={_("Health")}>
                                {d.smart
                                    ? <Label color={SMART[d.smart.health] || "grey"} data-test="smart">
                                        {d.smart.health}{d.smart.temperature_c != null ? ` ${d.smart.temperature_c}°C` : ""}
                                    </Label>
                                    : "-"}
                            </Td>
                            <Td dataLabel={_("Held by")} data-test="holders">
                                {d.holders.length === 0
                                    ? <Label color="green" data-test="free">{_("free")}</Label>
                                    : <LabelGroup numLabels={6}>
                                        {d.holders.map((h, i) => <Label key={i} data-holder={h.kind}>{holderText(h)}</Label>)}
                                    </LabelGroup>}
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>
        </div>
    );
}
