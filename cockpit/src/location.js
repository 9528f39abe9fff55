// Pages are addressed by cockpit.location (the part of the URL after the
// plugin's "#"), so every page and filter is a link that can be shared or
// reloaded: #/tasks?state=failed, #/tasks/<id>, #/audit?user=alice.
import { useEffect, useState } from "react";

import cockpit from "./cockpit.js";

function current() {
    return { path: cockpit.location.path, options: cockpit.location.options };
}

export function useLocation() {
    const [location, setLocation] = useState(current);
    useEffect(() => {
        const update = () => setLocation(current());
        cockpit.addEventListener("locationchanged", update);
        return () => cockpit.removeEventListener("locationchanged", update);
    }, []);
    return location;
}

export const go = (path, options) => cockpit.location.go(path, options);
