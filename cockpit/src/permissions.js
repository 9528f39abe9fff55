// Polkit actions and the groups the shipped rules (polkit/50-bams.rules)
// grant them to, mirroring backend/api's GroupFor. The API names the group
// in its 403 errors; the UI needs it before asking, to explain disabled buttons.
import cockpit, { _ } from "./cockpit.js";

export const READ = "org.bams.read";
export const OPERATE = "org.bams.operate";
export const MANAGE = "org.bams.manage";
export const RESTORE = "org.bams.restore";
export const CONSOLE = "org.bams.console";

export const ACTIONS = [READ, OPERATE, MANAGE, RESTORE, CONSOLE];

export function groupFor(action) {
    switch (action) {
    case READ: return "bams-viewer";
    case OPERATE: return "bams-operator";
    default: return "bams-admin";
    }
}

export function deniedReason(action) {
    return cockpit.format(_("Not permitted: this needs membership in the group $0 (polkit action $1)."),
                          groupFor(action), action);
}
