// #/tape: each library as a picture: its drives, its storage slots and its
// mail slots with their barcodes; a drive or a slot opens its move dialog.
// The move queue and the task this page started are shown live.
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getTapeLibrary, listTapeDrives, listTapeSlots, tapeInventory } from "../../api/tape.js";
import { useReloadOn, useResource } from "../../hooks.js";
import { OPERATE } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { visible } from "../../visible.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { TaskProgress } from "../../components/TaskProgress.jsx";
import { TaskState } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";
import { MoveDialog } from "./MoveDialog.jsx";
import { TapeError } from "./TapeError.jsx";

const loadAll = () => Promise.all([getTapeLibrary(), listTapeDrives(), listTapeSlots()])
        .then(([library, drives, slots]) => ({ changers: library.changers, drives: drives.drives, slots: slots.slots }));

export function LibraryView() {
    const { data, error, loading, reload } = useResource(loadAll, []);
    useReloadOn(["task-state"], reload);
    const followed = useFollowedTask();
    const [dialog, setDialog] = useState(null);

    if (loading)
        return <Spinner aria-label={_("Loading")} />;
    if (!data)
        return <TapeError error={error} />;
    if (data.changers.length === 0)
        return <TapeError error={{ kind: "not-found", message: _("No tape library is configured (tape.changers) and lsscsi -g lists no changer.") }} />;
    return (
        <div data-test="tape-library">
            {error && <ApiErrorAlert error={error} title={_("The last refresh failed")} />}
            {followed.task &&
                <div className="bams-run-task" data-test="tape-task" data-task-id={followed.task.id}>
                    <TaskState task={followed.task} />
                    <TaskProgress task={followed.task} />
                    {followed.task.error &&
                        <Alert isInline variant="danger" title={visible(followed.task.error)} data-test="tape-task-error" />}
                </div>}
            {followed.error && <ApiErrorAlert error={followed.error} />}
            {data.changers.map(c =>
                <Changer key={c.name} changer={c} drives={data.drives.filter(d => d.changer === c.name)}
                         slots={data.slots.filter(s => s.changer === c.name)}
                         onOpen={origin => setDialog({ changer: c.name, origin })} onStarted={followed.follow} />)}
            {dialog &&
                <MoveDialog origin={dialog.origin} changer={dialog.changer}
                            drives={data.drives.filter(d => d.changer === dialog.changer)}
                            slots={data.slots.filter(s => s.changer === dialog.changer)}
                            onClose={() => setDialog(null)} onStarted={followed.follow} />}
        </div>
    );
}

function Changer({ changer, drives, slots, onOpen, onStarted }) {
    const { can } = useSession();
    const [error, setError] = useState(null);
    const mayMove = can(OPERATE);
    const inventory = () => {
        setError(null);
        tapeInventory({ changer: changer.name }).then(onStarted, setError);
    };
    return (
        <Card className="bams-section" data-test="tape-changer" data-changer={changer.name}>
            <CardHeader>
                <CardTitle>
                    {changer.name} <span className="bams-muted">{visible(`${changer.vendor || ""} ${changer.model || ""}`.trim())} · {changer.device}</span>
                </CardTitle>
            </CardHeader>
            <CardBody>
                <Toolbar>
                    <ToolbarContent>
                        <ToolbarItem>
                            {cockpit.format(_("$0 drives, $1 slots, $2 mail slots"), changer.drives, changer.slots, changer.mail_slots)}
                        </ToolbarItem>
                        <ToolbarItem>
                            <ActionButton action={OPERATE} variant="secondary" onClick={inventory} data-test="tape-inventory">
                                {_("Inventory")}
                            </ActionButton>
                        </ToolbarItem>
                    </ToolbarContent>
                </Toolbar>
                {error && <ApiErrorAlert error={error} />}
                {changer.error && <Alert isInline variant="danger" title={visible(changer.error)} data-test="tape-changer-error" />}
                {changer.warnings.map((w, i) => <Alert key={i} isInline variant="warning" isPlain title={visible(w)} />)}
                {changer.queue.length > 0 &&
                    <ol className="bams-tape-queue" data-test="tape-queue">
                        {changer.queue.map(q =>
                            <li key={q.task_id} data-task-id={q.task_id} data-running={q.running ? "1" : "0"}>
                                <a href={`#/tasks/${encodeURIComponent(q.task_id)}`}>{q.what}</a> {q.running ? _("(moving)") : _("(waiting)")}
                            </li>)}
                    </ol>}
                <h3>{_("Drives")}</h3>
                <div className="bams-tape-grid">
                    {drives.map(d =>
                        <button key={d.number} type="button" className="bams-tape-drive" disabled={!mayMove}
                                data-test="tape-drive" data-drive={d.number} data-full={d.full ? "1" : "0"}
                                onClick={() => onOpen({ drive: d })}>
                            <strong>{cockpit.format(_("Drive $0"), d.number)}</strong>
                            <span data-test="tape-drive-barcode">{d.full ? visible(d.barcode || _("no barcode")) : _("empty")}</span>
                            {d.full && <span className="bams-muted">{d.source_unknown ? _("source slot unknown") : cockpit.format(_("from slot $0"), d.source_slot)}</span>}
                            {d.in_use && <span className="bams-muted" data-test="tape-drive-in-use">{visible(d.in_use)}</span>}
                            {(d.tape_alerts || []).map(a => <span key={a} className="bams-log-warn">{visible(a)}</span>)}
                        </button>)}
                </div>
                <h3>{_("Slots")}</h3>
                <SlotGrid slots={slots.filter(s => !s.mail_slot)} disabled={!mayMove} onOpen={onOpen} />
                <h3>{_("Mail slots")}</h3>
                <SlotGrid slots={slots.filter(s => s.mail_slot)} disabled={!mayMove} onOpen={onOpen} />
            </CardBody>
        </Card>
    );
}

function SlotGrid({ slots, disabled, onOpen }) {
    return (
        <div className="bams-tape-grid">
            {slots.map(s =>
                <button key={s.number} type="button" disabled={disabled || !s.full}
                        className={`bams-tape-slot${s.full ? " bams-tape-full" : ""}${s.cleaning ? " bams-tape-cleaning" : ""}`}
                        data-test="tape-slot" data-slot={s.number} data-full={s.full ? "1" : "0"} data-mail={s.mail_slot ? "1" : "0"}
                        onClick={() => onOpen({ slot: s })}>
                    <span className="bams-muted">{s.number}</span>
                    <span data-test="tape-slot-barcode">{s.full ? visible(s.barcode || "?") : ""}</span>
                </button>)}
        </div>
    );
}
