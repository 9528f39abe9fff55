// One folder of a snapshot, a page at a time: the first page loads with the
// path, more() appends the next one while the API gives a cursor.
import { useState } from "react";

import { listFiles } from "../../api/hosts.js";
import { useResource } from "../../hooks.js";

const PAGE_SIZE = 100;

export function useFiles(host, snap, path) {
    const list = useResource(() => listFiles(host, snap, { path, limit: PAGE_SIZE }), [host, snap, path]);
    const [moreError, setMoreError] = useState(null);
    const [busy, setBusy] = useState(false);

    const more = () => {
        setBusy(true);
        setMoreError(null);
        listFiles(host, snap, { path, limit: PAGE_SIZE, cursor: list.data.next })
                .then(page => list.update(d => ({ ...d, entries: [...d.entries, ...page.entries], next: page.next })),
                      setMoreError)
                .finally(() => setBusy(false));
    };

    return { ...list, error: list.error || moreError, more, busy };
}

// The path of an entry of the folder at dir, as on the host.
export const childPath = (dir, name) => (dir === "/" ? "/" + name : `${dir}/${name}`);
