// Pieces both halves of the Snapshots page share.
import { useState } from "react";

import { _ } from "../../cockpit.js";

// owner shows "" as what it means.
export function Owner({ value }) {
    return value
        ? <span data-test="snapshot-owner" data-owner={value}>{value}</span>
        : <span className="bams-muted" data-test="snapshot-owner" data-owner="">{_("none (not made by BAMS)")}</span>;
}

// useDialog: which dialog is open, over which snapshot.
export function useDialog() {
    const [dialog, setDialog] = useState(null);
    return [dialog, (kind, snap) => setDialog({ kind, snap }), () => setDialog(null)];
}
