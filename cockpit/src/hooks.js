// Data loading for pages: one request, its loading and error states, and
// live updates from the events stream instead of polling.
import { useCallback, useEffect, useRef, useState } from "react";

import { subscribe } from "./events.js";

// Tells tests (and anyone watching) that the first real content is on
// screen: data, or a state that explains why there is none.
export function markReady() {
    if (document.body.dataset.ready)
        return;
    document.body.dataset.ready = "1";
    performance.mark("bams-ready"); // time to first content, from the frame's start
}

// useResource runs load() now and whenever deps change; reload() runs it
// again without blanking what is shown; update(fn) edits the data in place
// (for events that carry everything needed).
export function useResource(load, deps) {
    const [state, setState] = useState({ data: null, error: null });
    const generation = useRef(0);

    // deps are the caller's, as with useEffect: they say when load changes.
    const reload = useCallback(() => {
        const mine = ++generation.current;
        return load().then(
            data => mine === generation.current && setState({ data, error: null }),
            error => mine === generation.current && setState(s => ({ data: s.data, error })));
    }, deps);

    useEffect(() => {
        setState({ data: null, error: null });
        reload();
    }, [reload]);

    useEffect(() => {
        if (state.data !== null || state.error)
            markReady();
    }, [state.data, state.error]);

    const update = useCallback(fn => setState(s => (s.data === null ? s : { ...s, data: fn(s.data) })), []);

    return { ...state, loading: state.data === null && !state.error, reload, update };
}

// useEvents calls handler with every event while the component is mounted.
export function useEvents(handler) {
    const current = useRef(handler);
    current.current = handler;
    useEffect(() => subscribe(event => current.current(event)), []);
}

const RELOAD_DELAY_MS = 250;

// useReloadOn reloads (coalesced: a burst of events costs one request) when
// an event of one of the given types arrives, and after the stream comes
// back from a disconnect, since events may have been missed meanwhile.
export function useReloadOn(types, reload) {
    const timer = useRef(null);
    const missed = useRef(false);
    useEffect(() => () => clearTimeout(timer.current), []);
    useEvents(event => {
        let wanted = types.includes(event.type);
        if (event.type === "disconnected")
            missed.current = true;
        if (event.type === "hello" && missed.current) {
            missed.current = false;
            wanted = true;
        }
        if (wanted && !timer.current) {
            timer.current = setTimeout(() => {
                timer.current = null;
                reload();
            }, RELOAD_DELAY_MS);
        }
    });
}
