// What can be done with one snapshot from the host's table: browse it
// (files, download, restore; org.bams.restore), protect or unprotect it
// against retention, and mark an unknown one complete (org.bams.manage).
// Users without the action see the buttons disabled with the group that
// grants it.
import { useState } from "react";

import { _ } from "../../cockpit.js";
import { unprotectSnapshot } from "../../api/hosts.js";
import { go } from "../../location.js";
import { MANAGE, RESTORE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { MarkModal } from "./MarkModal.jsx";
import { ProtectModal } from "./ProtectModal.jsx";

const hasData = s => s.state === "complete" || s.state === "unknown";

export function SnapshotActions({ host, snapshot, onChanged, onError }) {
    const [protecting, setProtecting] = useState(false);
    const [marking, setMarking] = useState(false);
    const [busy, setBusy] = useState(false);

    const unprotect = () => {
        setBusy(true);
        unprotectSnapshot(host, snapshot.name).then(onChanged, onError)
                .finally(() => setBusy(false));
    };

    return (
        <>
            <ActionButton action={RESTORE} variant="secondary" size="sm" isDisabled={!hasData(snapshot)}
                          onClick={() => go(["hosts", host, "snapshots", snapshot.name])} data-test="snapshot-browse">
                {_("Browse")}
            </ActionButton>{" "}
            {snapshot.protected
                ? <ActionButton action={MANAGE} variant="link" size="sm" onClick={unprotect} isLoading={busy}
                                isDisabled={busy} data-test="snapshot-unprotect">
                    {_("Unprotect")}
                </ActionButton>
                : <ActionButton action={MANAGE} variant="link" size="sm" onClick={() => setProtecting(true)}
                                data-test="snapshot-protect">
                    {_("Protect")}
                </ActionButton>}
            {snapshot.state === "unknown" &&
                <ActionButton action={MANAGE} variant="link" size="sm" onClick={() => setMarking(true)}
                              data-test="snapshot-mark">
                    {_("Mark complete")}
                </ActionButton>}
            {marking &&
                <MarkModal host={host} snapshot={snapshot} onClose={() => setMarking(false)}
                           onMarked={s => { setMarking(false); onChanged(s) }} />}
            {protecting &&
                <ProtectModal host={host} snapshot={snapshot} onClose={() => setProtecting(false)}
                              onProtected={s => { setProtecting(false); onChanged(s) }} />}
        </>
    );
}
