// How a replication task's parts read, shared by its list and its detail.
import cockpit, { _ } from "../../cockpit.js";
import { duration } from "../../format.js";
import { visible } from "../../visible.js";

export const STATE_LOOK = {
    idle: { color: "grey", text: _("Never ran") },
    running: { color: "blue", text: _("Running") },
    ok: { color: "green", text: _("OK") },
    error: { color: "red", text: _("Failed") },
    disabled: { color: "grey", text: _("Disabled") },
};

export function targetText(t) {
    const where = t.kind === "btrfs" ? t.target.folder : t.target.dataset;
    const port = t.target.port && t.target.port !== 22 ? `:${t.target.port}` : "";
    return `${visible(t.target.user)}@${visible(t.target.address)}${port}:${visible(where || "")}`;
}

// lag: the age of the newest snapshot known to be on the target.
export function lagText(t) {
    return t.common_snapshot_time ? duration(t.lag_seconds || 0) : "-";
}

export function runResult(run) {
    if (!run)
        return _("never");
    return { succeeded: _("succeeded"), failed: _("failed"), cancelled: _("cancelled") }[run.result] || run.result;
}

export function runError(run) {
    if (!run?.error)
        return "";
    return run.error_kind ? cockpit.format("$0: $1", run.error_kind, visible(run.error)) : visible(run.error);
}
