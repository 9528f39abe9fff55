// #/hosts/<name>/snapshots/<snap>?path=/srv: one snapshot's files, a folder
// at a time. Entries can be chosen (across folders) for a restore, and any
// entry or the folder shown downloads as .tar.gz. Browsing reads backed-up
// files, so it needs org.bams.restore; others are told who has it.
import { useEffect, useState } from "react";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { LockIcon } from "@patternfly/react-icons/dist/esm/icons/lock-icon.js";

import cockpit, { _ } from "../../cockpit.js";
import { downloadUrl } from "../../api/hosts.js";
import { markReady } from "../../hooks.js";
import { RESTORE, deniedReason } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FileTable } from "./FileTable.jsx";
import { listPath } from "../../bytePath.js";
import { PathBreadcrumb, linkedPath } from "./PathBreadcrumb.jsx";
import { RestoreModal } from "./RestoreModal.jsx";
import { useFiles } from "./useFiles.js";

function Denied() {
    useEffect(markReady, []);
    return (
        <EmptyState data-test="browse-denied" icon={LockIcon} titleText={_("Browsing snapshots is not permitted")}
                    headingLevel="h2">
            <EmptyStateBody>{deniedReason(RESTORE)}</EmptyStateBody>
        </EmptyState>
    );
}

function Files({ host, snap, path }) {
    const { timeZone } = useSession();
    const files = useFiles(host, snap, path);
    const [selected, setSelected] = useState(() => new Set());
    const [restoring, setRestoring] = useState(false);
    const list = files.data;
    const isFolder = list?.type === "dir";
    const dir = list && listPath(list);

    const select = (p, on) => setSelected(cur => {
        const next = new Set(cur);
        on ? next.add(p) : next.delete(p);
        return next;
    });

    return (
        <>
            <PathBreadcrumb host={host} snap={snap} path={dir || path} />
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <Button onClick={() => setRestoring(true)} data-test="restore-open">
                            {selected.size
                                ? cockpit.format(_("Restore $0 chosen…"), selected.size)
                                : _("Restore…")}
                        </Button>
                    </ToolbarItem>
                    {list && isFolder &&
                        <ToolbarItem>
                            <Button component="a" variant="secondary" href={downloadUrl(host, snap, dir)} download
                                    data-test="folder-download">
                                {dir === "/" ? _("Download the whole snapshot") : _("Download this folder")}
                            </Button>
                        </ToolbarItem>}
                    {selected.size > 0 &&
                        <ToolbarItem>
                            <span data-test="selected-count" data-count={selected.size}>
                                {cockpit.format(_("$0 chosen"), selected.size)}
                            </span>{" "}
                            <Button variant="link" isInline onClick={() => setSelected(new Set())} data-test="selection-clear">
                                {_("Clear")}
                            </Button>
                        </ToolbarItem>}
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={files.error} />
            {files.loading && <Spinner aria-label={_("Loading")} />}
            {list && list.entries.length === 0 &&
                <p className="bams-muted" data-test="files-empty">{_("This folder is empty.")}</p>}
            {list && list.entries.length > 0 &&
                <FileTable host={host} snap={snap} dir={dir} isFolder={isFolder} entries={list.entries}
                           timeZone={timeZone} selected={selected} onSelect={select} />}
            {list?.next &&
                <Button variant="secondary" onClick={files.more} isLoading={files.busy} isDisabled={files.busy}
                        data-test="files-more">
                    {_("Show more")}
                </Button>}
            <p className="bams-muted">
                {_("Downloads stream as .tar.gz straight from the appliance; names start at the chosen entry.")}
            </p>
            {restoring &&
                <RestoreModal host={host} snap={snap} selected={[...selected].sort()} onClose={() => setRestoring(false)} />}
        </>
    );
}

export function SnapshotBrowser({ name, snap, options }) {
    const { can } = useSession();
    return (
        <PageSection data-test="snapshot-browser" data-host={name} data-snapshot={snap}>
            <Breadcrumb>
                <BreadcrumbItem to="#/hosts">{_("Hosts")}</BreadcrumbItem>
                <BreadcrumbItem to={`#/hosts/${encodeURIComponent(name)}`}>{name}</BreadcrumbItem>
                <BreadcrumbItem isActive>{cockpit.format(_("Snapshot $0"), snap)}</BreadcrumbItem>
            </Breadcrumb>
            {can(RESTORE) ? <Files key={snap} host={name} snap={snap} path={linkedPath(options)} /> : <Denied />}
        </PageSection>
    );
}
