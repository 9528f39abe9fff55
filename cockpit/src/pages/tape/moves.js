// What can be done from one place of a library: the moves the dialog
// offers, each with its possible targets and the call that starts it.
// Pure, so the choices follow from the library's state alone; bamsd checks
// every move again before mtx runs.
import cockpit, { _ } from "../../cockpit.js";
import { cleanTapeDrive, exportTape, importTape, loadTape, transferTape, unloadTape } from "../../api/tape.js";

const slotLabel = s => (s.full ? cockpit.format(_("slot $0 ($1)"), s.number, s.barcode || _("no barcode")) : cockpit.format(_("slot $0"), s.number));
const driveLabel = d => cockpit.format(_("drive $0"), d.number);

// movesFrom lists {id, title, targets: [{value, label}], start(value)} for
// a drive ({drive}) or a slot ({slot}) of changer, given its drives and slots.
export function movesFrom({ drive, slot }, changer, drives, slots) {
    const emptyDrives = drives.filter(d => !d.full);
    const emptyStorage = slots.filter(s => !s.full && !s.mail_slot);
    const emptyMail = slots.filter(s => !s.full && s.mail_slot);
    const target = list => list.map(x => ({ value: String(x.number), label: x.mail_slot !== undefined ? slotLabel(x) : driveLabel(x) }));
    const moves = [];
    if (drive && drive.full) {
        const back = drive.source_unknown ? [] : [{ value: "0", label: cockpit.format(_("back to slot $0, where it came from"), drive.source_slot) }];
        // after a power cycle: the free slot it was last seen in comes first
        const last = String(drive.suggested_slot || "");
        const free = target(emptyStorage).map(t => (t.value === last ? { ...t, label: cockpit.format(_("$0, where it was last seen"), t.label) } : t));
        free.sort((a, b) => (a.value === last ? -1 : b.value === last ? 1 : 0));
        moves.push({ id: "unload", title: _("Unload"), targets: [...back, ...free],
                     start: v => unloadTape(drive.number, { changer, slot: Number(v) || undefined }) });
    }
    if (drive && !drive.full) {
        const data = slots.filter(s => s.full && !s.mail_slot && !s.cleaning);
        moves.push({ id: "load", title: _("Load"), targets: target(data), start: v => loadTape(drive.number, { changer, slot: Number(v) }) });
        const cleaning = slots.filter(s => s.full && !s.mail_slot && s.cleaning);
        if (cleaning.length > 0) {
            moves.push({ id: "clean", title: _("Clean the drive"),
                         targets: [{ value: "0", label: _("the least used cleaning cartridge") }, ...target(cleaning)],
                         start: v => cleanTapeDrive(drive.number, { changer, slot: Number(v) || undefined }) });
        }
    }
    if (slot && slot.full && slot.mail_slot)
        moves.push({ id: "import", title: _("Import"), targets: target(emptyStorage), start: v => importTape({ changer, from: slot.number, to: Number(v) }) });
    if (slot && slot.full && !slot.mail_slot) {
        if (slot.cleaning) {
            moves.push({ id: "clean", title: _("Clean a drive"), targets: target(emptyDrives),
                         start: v => cleanTapeDrive(Number(v), { changer, slot: slot.number }) });
        } else {
            moves.push({ id: "load", title: _("Load"), targets: target(emptyDrives), start: v => loadTape(Number(v), { changer, slot: slot.number }) });
        }
        moves.push({ id: "transfer", title: _("Move to another slot"), targets: target(emptyStorage),
                     start: v => transferTape({ changer, from: slot.number, to: Number(v) }) });
        moves.push({ id: "export", title: _("Export to a mail slot"), targets: target(emptyMail),
                     start: v => exportTape({ changer, from: slot.number, to: Number(v) }) });
    }
    return moves.filter(m => m.targets.length > 0);
}
