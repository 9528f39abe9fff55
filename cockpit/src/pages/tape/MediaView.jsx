// #/tape/media: the media inventory (filters by pool and location, from the
// URL) and the reconciliation with the Bacula catalog, each finding with the
// fix BAMS runs through bconsole as a task.
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { fixTapeMedia, listTapeMedia, reconcileTapeMedia } from "../../api/tape.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { go } from "../../location.js";
import { OPERATE } from "../../permissions.js";
import { visible } from "../../visible.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { Time } from "../../components/Time.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { TapeError } from "./TapeError.jsx";

const LOCATIONS = [
    { value: "", label: _("Anywhere") },
    { value: "slot", label: _("In a slot") },
    { value: "drive", label: _("In a drive") },
    { value: "mail-slot", label: _("In a mail slot") },
    { value: "outside", label: _("Outside the library") },
];

const place = m => (m.location === "outside" ? _("outside the library") : cockpit.format("$0 $1 · $2", m.location, m.number, m.changer));

export function MediaView({ options }) {
    const pool = options.pool || "";
    const location = options.location || "";
    const [cursor, setCursor] = useState(undefined);
    const { data, error, loading, reload } = useResource(() => listTapeMedia({ pool: pool || undefined, location: location || undefined, cursor }),
                                                         [pool, location, cursor]);
    useReloadOn(["task-state"], reload);
    const [poolInput, setPoolInput] = useState(pool);
    const filter = change => { setCursor(undefined); go(["tape", "media"], { ...options, ...change }) };

    return (
        <div data-test="tape-media">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <form onSubmit={ev => { ev.preventDefault(); filter({ pool: poolInput.trim() || undefined }) }}>
                            <TextInput aria-label={_("Pool")} placeholder={_("Pool")} value={poolInput}
                                       onChange={(_e, v) => setPoolInput(v)} data-test="tape-media-pool" />
                        </form>
                    </ToolbarItem>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Location")} value={location} data-test="tape-media-location"
                                    onChange={(_e, v) => filter({ location: v || undefined })}>
                            {LOCATIONS.map(l => <FormSelectOption key={l.value} value={l.value} label={l.label} />)}
                        </FormSelect>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {loading && <Spinner aria-label={_("Loading")} />}
            {!loading && !data && <TapeError error={error} />}
            {data?.catalog_error &&
                <Alert isInline variant="warning" title={_("Pools and statuses are the last known")} data-test="tape-media-catalog-error">
                    {visible(data.catalog_error)}
                </Alert>}
            {data && data.media.length === 0 && <p className="bams-muted" data-test="tape-media-empty">{_("No cartridge matches.")}</p>}
            {data && data.media.length > 0 &&
                <Table variant="compact" aria-label={_("Tape media")} data-test="tape-media-table">
                    <Thead>
                        <Tr>
                            <Th>{_("Barcode")}</Th>
                            <Th>{_("Where")}</Th>
                            <Th>{_("Pool")}</Th>
                            <Th>{_("Bacula status")}</Th>
                            <Th>{_("Last seen")}</Th>
                            <Th>{_("Last written")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {data.media.map(m =>
                            <Tr key={m.barcode} data-barcode={m.barcode} data-location={m.location}>
                                <Td dataLabel={_("Barcode")}>{visible(m.barcode)}</Td>
                                <Td dataLabel={_("Where")}>{place(m)}</Td>
                                <Td dataLabel={_("Pool")}>{m.pool || "—"}</Td>
                                <Td dataLabel={_("Bacula status")}>
                                    {m.cleaning ? cockpit.format(_("cleaning cartridge, used $0 times"), m.cleaning_uses || 0) : (m.volume_status || _("not in the catalog"))}
                                </Td>
                                <Td dataLabel={_("Last seen")}><Time value={m.last_seen} /></Td>
                                <Td dataLabel={_("Last written")}><Time value={m.last_written} /></Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {data?.next && <Button variant="link" onClick={() => setCursor(data.next)} data-test="tape-media-next">{_("Next page")}</Button>}
            <Reconcile />
        </div>
    );
}

function Reconcile() {
    const { data, error, loading, reload } = useResource(reconcileTapeMedia, []);
    useReloadOn(["task-state"], reload);
    const followed = useFollowedTask();
    const [labelling, setLabelling] = useState(null);
    const [fixError, setFixError] = useState(null);
    const fix = (f, pool) => fixTapeMedia({ changer: f.changer, fix: f.fix, slots: [f.slot], pool }).then(followed.follow);

    return (
        <div className="bams-section" data-test="tape-reconcile">
            <h3>{_("Library and Bacula catalog")}</h3>
            {loading && <Spinner aria-label={_("Loading")} />}
            {error && (error.kind === "not-found" || error.kind === "tool-missing"
                ? <TapeError error={error} />
                : <ApiErrorAlert error={error} title={_("Could not compare with the catalog")} />)}
            {fixError && <ApiErrorAlert error={fixError} />}
            {followed.task &&
                <div className="bams-run-task" data-test="tape-fix-task" data-task-id={followed.task.id}>
                    <TaskState task={followed.task} /> <TaskProgress task={followed.task} />
                </div>}
            {data && data.findings.length === 0 && <p className="bams-muted" data-test="tape-reconcile-clean">{_("The libraries and the catalog agree.")}</p>}
            {data && data.findings.length > 0 &&
                <Table variant="compact" aria-label={_("Findings")}>
                    <Tbody>
                        {data.findings.map(f =>
                            <Tr key={`${f.kind}/${f.barcode}`} data-test="tape-finding" data-kind={f.kind} data-barcode={f.barcode}>
                                <Td>{visible(f.text)}</Td>
                                <Td>
                                    {f.slot > 0 &&
                                        <ActionButton action={OPERATE} variant="secondary" size="sm" data-test="tape-fix"
                                                      onClick={() => (f.fix === "label-barcodes" ? setLabelling(f) : fix(f).catch(setFixError))}>
                                            {f.fix === "label-barcodes" ? _("Label into a pool") : _("Update slots")}
                                        </ActionButton>}
                                </Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {labelling && <LabelDialog finding={labelling} onClose={() => setLabelling(null)} onLabel={pool => fix(labelling, pool)} />}
        </div>
    );
}

function LabelDialog({ finding, onClose, onLabel }) {
    const [pool, setPool] = useState("");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const save = () => {
        setBusy(true);
        onLabel(pool.trim()).then(onClose, setError).finally(() => setBusy(false));
    };
    return (
        <FormModal id="tape-label" test="tape-label-dialog" title={cockpit.format(_("Label $0"), finding.barcode)}
                   onSubmit={save} submit={_("Label")} submitTest="tape-label-start" busy={busy} error={error} onClose={onClose}
                   description={_("Bacula labels the cartridge with its barcode (label barcodes), loading it into a drive.")}>
            <FormField form="tape-label" id="pool" label={_("Pool")} value={pool} onChange={(_id, v) => setPool(v)}
                       problem={error?.field === "pool" ? error.message : undefined} isRequired />
        </FormModal>
    );
}
