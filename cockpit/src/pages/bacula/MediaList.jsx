// #/bacula/media: every volume as a medium, with where it is.
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import { _ } from "../../cockpit.js";
import { listBaculaMedia } from "../../api/baculaStorage.js";
import { bytes } from "../../format.js";
import { useResource } from "../../hooks.js";
import { Time } from "../../components/Time.jsx";
import { BaculaError } from "./BaculaError.jsx";

export function MediaList() {
    const { data, error, loading } = useResource(listBaculaMedia, []);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <BaculaError error={error} />;
    if (data.media.length === 0)
        return <p className="bams-muted" data-test="media-empty">{_("No media: label a volume first.")}</p>;
    return (
        <Table variant="compact" aria-label={_("Media")} data-test="media-table">
            <Thead>
                <Tr>
                    <Th>{_("Label")}</Th>
                    <Th>{_("Media type")}</Th>
                    <Th>{_("Status")}</Th>
                    <Th>{_("Pool")}</Th>
                    <Th>{_("Location")}</Th>
                    <Th>{_("Data")}</Th>
                    <Th>{_("Last written")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {data.media.map(m =>
                    <Tr key={m.label} data-medium={m.label}>
                        <Td dataLabel={_("Label")}><a href={`#/bacula/media/${encodeURIComponent(m.label)}`}>{m.label}</a></Td>
                        <Td dataLabel={_("Media type")}>{m.media_type}</Td>
                        <Td dataLabel={_("Status")}>{m.status}</Td>
                        <Td dataLabel={_("Pool")}>{m.pool}</Td>
                        <Td dataLabel={_("Location")}>{m.location}</Td>
                        <Td dataLabel={_("Data")}>{bytes(m.bytes)}</Td>
                        <Td dataLabel={_("Last written")}><Time value={m.last_written} /></Td>
                    </Tr>)}
            </Tbody>
        </Table>
    );
}
