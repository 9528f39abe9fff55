// Pieces the storage sub-pages share: a usage bar, a health badge, who uses
// a piece of storage, what holds a disk, and a tool that is not there.
import { useEffect, useState } from "react";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Progress, ProgressMeasureLocation, ProgressVariant } from "@patternfly/react-core/dist/esm/components/Progress/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { bytes } from "../../format.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { isDone } from "../../components/TaskState.jsx";
import { useFollowedTask } from "../../components/useFollowedTask.js";

export function UsageBar({ used, size, test }) {
    if (!size)
        return <span className="bams-muted">-</span>;
    const pct = Math.round((used * 100) / size);
    const variant = pct >= 90 ? ProgressVariant.danger : pct >= 80 ? ProgressVariant.warning : undefined;
    return (
        <Progress value={pct} size="sm" measureLocation={ProgressMeasureLocation.outside} variant={variant}
                  title={cockpit.format(_("$0 of $1"), bytes(used), bytes(size))} data-test={test || "usage"}
                  data-percent={pct} aria-label={_("Usage")} />
    );
}

const HEALTH = { ONLINE: "green", DEGRADED: "orange", FAULTED: "red", UNAVAIL: "red", OFFLINE: "grey", REMOVED: "red", SUSPENDED: "red" };

export function Health({ value }) {
    return <Label color={HEALTH[value] || "grey"} data-test="health" data-health={value}>{value || _("unknown")}</Label>;
}

const USER_KIND = { repository: _("repository"), host: _("host"), "bacula-device": _("Bacula device"), "iscsi-lun": _("iSCSI LUN"), replication: _("replication") };

export function UsedBy({ users }) {
    if (!users || users.length === 0)
        return <span className="bams-muted">{_("nothing")}</span>;
    return (
        <span data-test="used-by">
            {users.map(u => `${USER_KIND[u.kind] || u.kind} ${u.name}`).join(", ")}
        </span>
    );
}

const HOLDER = {
    mounted: h => cockpit.format(_("$0 mounted on $1"), h.device, h.name),
    swap: h => cockpit.format(_("$0 is swap"), h.device),
    "lvm-pv": h => (h.name ? cockpit.format(_("LVM PV of $0"), h.name) : _("LVM PV")),
    "zfs-vdev": h => cockpit.format(_("ZFS pool $0"), h.name),
    btrfs: h => cockpit.format(_("btrfs $0"), h.name),
    stacked: h => cockpit.format(_("holds $0"), h.name),
    signature: h => cockpit.format(_("$0 data"), h.name),
};

export function holderText(h) {
    const known = HOLDER[h.kind];
    return known ? known(h) : `${USER_KIND[h.kind] || h.kind} ${h.name}`;
}

// A storage tool that is not installed (424) is a state of the machine,
// not an error: say so in place of the list.
export function StorageError({ error, what }) {
    if (!error)
        return null;
    if (error.kind === "tool-missing")
        return (
            <EmptyState titleText={cockpit.format(_("No $0 here"), what)} headingLevel="h3" data-test="tool-missing">
                <EmptyStateBody>{error.message}</EmptyStateBody>
            </EmptyState>
        );
    return <ApiErrorAlert error={error} />;
}

// useSubmit is a dialog's one action: busy while it runs, its refusal kept
// for the dialog to show, onDone with the answer.
export function useSubmit(act, onDone) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const submit = () => {
        setBusy(true);
        setError(null);
        act().then(onDone, setError).finally(() => setBusy(false));
    };
    return { busy, error, submit };
}

// useScrub starts a scrub task and follows it live; reload runs once the
// task has ended, for the final scan state.
export function useScrub(startScrub, reload) {
    const task = useFollowedTask();
    const [startError, setStartError] = useState(null);
    useEffect(() => {
        if (task.task && isDone(task.task.state))
            reload();
    }, [task.task?.state]);
    const start = (...args) => {
        setStartError(null);
        startScrub(...args).then(task.follow, setStartError);
    };
    return { task: task.task, running: !!task.task && !isDone(task.task.state), error: startError || task.error, start, fail: setStartError };
}
