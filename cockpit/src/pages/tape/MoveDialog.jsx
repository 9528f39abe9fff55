// The move dialog of one drive or slot: what to do and where to; the move
// is queued in the library's move queue and followed as a task.
import { useState } from "react";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { FormField } from "../../components/FormField.jsx";
import { FormModal } from "../../components/FormModal.jsx";
import { movesFrom } from "./moves.js";

export function MoveDialog({ origin, changer, drives, slots, onClose, onStarted }) {
    const moves = movesFrom(origin, changer, drives, slots);
    const [moveId, setMoveId] = useState(moves[0]?.id);
    const move = moves.find(m => m.id === moveId);
    const [targetValue, setTarget] = useState(move?.targets[0]?.value);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const what = origin.drive
        ? cockpit.format(_("Drive $0"), origin.drive.number) + (origin.drive.full ? ` (${origin.drive.barcode || _("no barcode")})` : "")
        : cockpit.format(_("Slot $0"), origin.slot.number) + ` (${origin.slot.barcode || _("no barcode")})`;

    const pick = id => {
        setMoveId(id);
        setTarget(moves.find(m => m.id === id)?.targets[0]?.value);
    };
    const start = () => {
        setBusy(true);
        setError(null);
        move.start(targetValue)
                .then(task => { onStarted(task); onClose() })
                .catch(setError)
                .finally(() => setBusy(false));
    };

    return (
        <FormModal id="tape-move" test="tape-move-dialog" title={what} onSubmit={move ? start : undefined}
                   submit={move ? move.title : undefined} submitTest="tape-move-start" busy={busy} error={error}
                   errorTitle={_("The move was refused")} onClose={onClose}
                   description={_("Moves wait their turn in the library's queue; each is checked again before the robot moves.")}>
            {moves.length === 0
                ? <p data-test="tape-move-none">{_("Nothing can be moved from here now: no free place to move to.")}</p>
                : <>
                    <FormField form="tape-move" id="kind" label={_("Move")}>
                        <FormSelect id="tape-move-kind" value={moveId} onChange={(_e, v) => pick(v)} data-test="tape-move-kind">
                            {moves.map(m => <FormSelectOption key={m.id} value={m.id} label={m.title} />)}
                        </FormSelect>
                    </FormField>
                    <FormField form="tape-move" id="target" label={_("To")}>
                        <FormSelect id="tape-move-target" value={targetValue} onChange={(_e, v) => setTarget(v)} data-test="tape-move-target">
                            {move.targets.map(t => <FormSelectOption key={t.value} value={t.value} label={t.label} />)}
                        </FormSelect>
                    </FormField>
                </>}
        </FormModal>
    );
}
