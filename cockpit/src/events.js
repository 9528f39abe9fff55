// The one consumer of GET /api/v1/events. Pages subscribe here instead of
// polling; the stream is opened once for everyone and reopened with backoff
// when it ends (daemon restart, revoked access, network hiccup).
//
// Besides the API's events (hello, task-state, task-progress, task-log,
// audit, revoked, overflow) subscribers see one local event:
//   {type: "disconnected", error}  the stream ended; events may be missed
// A "hello" after a "disconnected" means pages should reload what they show.
import { openEvents } from "./api/system.js";

const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

const subscribers = new Set();
let close = null;
let retryTimer = null;
let delay = MIN_DELAY_MS;

function dispatch(event) {
    if (event.type === "hello")
        delay = MIN_DELAY_MS; // a healthy stream resets the backoff
    subscribers.forEach(fn => fn(event));
}

function connect() {
    retryTimer = null;
    const mine = openEvents(dispatch, error => {
        if (close !== mine)
            return; // a stream we closed on purpose
        close = null;
        dispatch({ type: "disconnected", error });
        if (subscribers.size > 0)
            scheduleRetry();
    });
    close = mine;
}

function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
}

export function subscribe(fn) {
    subscribers.add(fn);
    if (!close && !retryTimer)
        connect();
    return () => {
        subscribers.delete(fn);
        if (subscribers.size === 0)
            stop();
    };
}

function stop() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (close)
        close();
    close = null;
}

// Reconnect at once (the session calls this when bamsd is back), instead of
// waiting out the backoff.
export function reconnectNow() {
    if (close || subscribers.size === 0)
        return;
    delay = MIN_DELAY_MS;
    clearTimeout(retryTimer);
    connect();
}
