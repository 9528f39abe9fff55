// What every page needs to know before it shows anything: is bamsd there,
// who does it think we are (/me), what may we do, and the appliance's time
// zone. While the daemon is unreachable the session checks /health every few
// seconds and comes back by itself, so nobody has to reload the page.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

import { getHealth } from "./api/system.js";
import { onUnreachable } from "./api/transport.js";
import { fetchSession } from "./first.js";
import { reconnectNow, subscribe } from "./events.js";
import { READ } from "./permissions.js";

const HEALTH_RETRY_MS = 3000;

const SessionContext = createContext(null);

export const useSession = () => useContext(SessionContext);

// status: "loading" | "up" | "down". first: the fetchSession() started at load.
export function SessionProvider({ first, children }) {
    const [state, setState] = useState({ status: "loading", me: null, timeZone: null, restoreRoot: null, error: null });
    const checking = useRef(false);
    const status = useRef(state.status);
    status.current = state.status;

    const load = useCallback(async (pending) => {
        if (checking.current)
            return;
        checking.current = true;
        try {
            const { me, timeZone, restoreRoot } = await (pending || fetchSession());
            const wasDown = status.current === "down";
            setState({ status: "up", me, timeZone, restoreRoot, error: null });
            if (wasDown)
                reconnectNow(); // don't wait out the stream's backoff
        } catch (error) {
            setState(s => ({ ...s, status: error.unreachable ? "down" : "up", error }));
        } finally {
            checking.current = false;
        }
    }, []);

    // While down, the cheap public /health says when to try again for real.
    const retry = useCallback(() => getHealth().then(() => load(), () => null), [load]);

    useEffect(() => { load(first) }, [load, first]);

    // Any request that found no daemon switches the whole plugin to "down".
    useEffect(() => onUnreachable(error => setState(s => ({ ...s, status: "down", error }))), []);

    // A stream that ends without an API error may mean the daemon stopped:
    // ask /health. Revoked access changes what /me says: ask again. Only
    // readers follow the stream at all (others would get 403 forever).
    const reader = !!state.me?.actions?.[READ];
    useEffect(() => {
        if (!reader)
            return;
        return subscribe(event => {
            if ((event.type === "disconnected" && !event.error?.status) || event.type === "revoked")
                load();
        });
    }, [reader, load]);

    useEffect(() => {
        if (state.status !== "down")
            return;
        const timer = setInterval(retry, HEALTH_RETRY_MS);
        return () => clearInterval(timer);
    }, [state.status, retry]);

    const can = useCallback(action => !!state.me?.actions?.[action], [state.me]);

    return (
        <SessionContext.Provider value={{ ...state, can, reload: load }}>
            {children}
        </SessionContext.Provider>
    );
}
