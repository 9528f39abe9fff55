// The entries of one folder of a snapshot: type, size, mode, owner and
// modification time (in the appliance's time zone), a checkbox to choose
// what to restore, and a link that downloads the entry as .tar.gz.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { DownloadIcon } from "@patternfly/react-icons/dist/esm/icons/download-icon.js";

import cockpit, { _ } from "../../cockpit.js";
import { downloadUrl } from "../../api/hosts.js";
import { bytes } from "../../format.js";
import { Time } from "../../components/Time.jsx";
import { display, entryName } from "../../bytePath.js";
import { folderLink } from "./PathBreadcrumb.jsx";
import { childPath } from "./useFiles.js";
import { visible } from "../../visible.js";

const TYPES = {
    file: _("File"), dir: _("Folder"), symlink: _("Link"), device: _("Device"), fifo: _("FIFO"), socket: _("Socket"),
};

function Name({ host, snap, entry, path }) {
    const name = entry.name_base64
        ? <span title={_("This name is not valid UTF-8: \uFFFD marks its odd bytes; restores and downloads use the exact name.")}
                data-test="file-name-bytes">{visible(entry.name)}</span>
        : visible(entry.name);
    if (entry.type === "dir")
        return <a href={folderLink(host, snap, path)} data-test="file-open">{name}</a>;
    if (entry.type === "symlink")
        return <>{name} <span className="bams-muted">→ {visible(entry.target)}</span></>;
    return name;
}

export function FileTable({ host, snap, dir, isFolder, entries, timeZone, selected, onSelect }) {
    // A listed file (not a folder) is its own one entry: its path is dir.
    const pathOf = entry => (isFolder ? childPath(dir, entryName(entry)) : dir);
    return (
        <Table variant="compact" aria-label={_("Files")} data-test="files-table">
            <Thead>
                <Tr>
                    <Th screenReaderText={_("Select")} />
                    <Th>{_("Name")}</Th>
                    <Th>{_("Type")}</Th>
                    <Th>{_("Size")}</Th>
                    <Th>{_("Mode")}</Th>
                    <Th>{_("Owner")}</Th>
                    <Th>{cockpit.format(_("Modified ($0)"), timeZone)}</Th>
                    <Th screenReaderText={_("Download")} />
                </Tr>
            </Thead>
            <Tbody>
                {entries.map((e, i) => {
                    const path = pathOf(e);
                    return (
                        <Tr key={path} data-test="file-row" data-name={e.name} data-path={display(path)} data-type={e.type}>
                            <Td select={{ rowIndex: i, isSelected: selected.has(path), onSelect: (_ev, on) => onSelect(path, on) }}
                                data-test="file-select" />
                            <Td dataLabel={_("Name")}><Name host={host} snap={snap} entry={e} path={path} /></Td>
                            <Td dataLabel={_("Type")}><Label isCompact>{TYPES[e.type] || e.type}</Label></Td>
                            <Td dataLabel={_("Size")} data-test="file-size" data-size={e.size}>
                                {e.type === "dir" ? "" : bytes(e.size)}
                            </Td>
                            <Td dataLabel={_("Mode")}><code data-test="file-mode">{e.mode}</code></Td>
                            <Td dataLabel={_("Owner")}>{`${e.uid}:${e.gid}`}</Td>
                            <Td dataLabel={_("Modified")} data-test="file-mtime"><Time value={e.mtime} timeZone={timeZone} /></Td>
                            <Td isActionCell>
                                {e.type !== "socket" &&
                                    <a href={downloadUrl(host, snap, path)} download data-test="file-download"
                                       title={cockpit.format(_("Download $0 as .tar.gz"), display(path))}
                                       aria-label={cockpit.format(_("Download $0 as .tar.gz"), display(path))}>
                                        <DownloadIcon />
                                    </a>}
                            </Td>
                        </Tr>
                    );
                })}
            </Tbody>
        </Table>
    );
}
