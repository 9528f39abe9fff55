// The one way to bamsd. Every request goes over the daemon's Unix socket
// through the Cockpit bridge, which runs as the logged-in user: no
// "superuser" option, because bamsd authorizes the peer it sees and must
// see the real user, not root. The feature files beside this one name the
// routes; this file knows none. Each function takes (method, path) with
// path under /api/v1 written out as a literal, which is what
// cockpit/test/api-paths.test.mjs checks against docs/api.md.
import cockpit from "../cockpit.js";

export const SOCKET = "/run/bams/bams.sock";
const BASE = "/api/v1";

const http = cockpit.http({ unix: SOCKET });

// ApiError carries the API's error body ({"error":{kind,message,...}}), or,
// when the bridge could not reach the socket at all, unreachable = true.
export class ApiError extends Error {
    constructor({ status = 0, kind = "", message, field, action, group, taskId, unreachable = false }) {
        super(message);
        this.status = status;
        this.kind = kind;
        this.field = field;
        this.action = action;
        this.group = group;
        this.taskId = taskId;
        this.unreachable = unreachable;
    }
}

function toApiError(ex, body) {
    // A Cockpit "problem" (no HTTP status) means the socket could not be
    // reached: missing, refused, or the daemon went away mid-request.
    if (!ex.status)
        return new ApiError({ message: cockpit.message(ex), unreachable: true });
    try {
        const e = JSON.parse(body).error;
        return new ApiError({
            status: ex.status, kind: e.kind, message: e.message, field: e.field,
            action: e.action, group: e.group, taskId: e.task_id,
        });
    } catch {
        return new ApiError({ status: ex.status, message: `${ex.status} ${ex.reason || ex.message}` });
    }
}

// Whoever needs to know that the daemon vanished (the session) listens here,
// so no page has to remember to report it.
const unreachableListeners = new Set();

export function onUnreachable(fn) {
    unreachableListeners.add(fn);
    return () => unreachableListeners.delete(fn);
}

function fail(err) {
    if (err.unreachable)
        unreachableListeners.forEach(fn => fn(err));
    return err;
}

// Drops empty values so "any" filters are simply left out of the query.
function cleanParams(params) {
    const out = {};
    for (const [k, v] of Object.entries(params || {}))
        if (v !== undefined && v !== null && v !== "")
            out[k] = v;
    return Object.keys(out).length ? out : undefined;
}

function send(method, path, { params, body } = {}) {
    const req = {
        method,
        path: BASE + path,
        params: cleanParams(params),
        body: body === undefined ? "" : JSON.stringify(body),
    };
    if (body !== undefined)
        req.headers = { "Content-Type": "application/json" };
    return http.request(req);
}

// One request; resolves with the decoded JSON answer, rejects with an ApiError.
export function request(method, path, options) {
    return new Promise((resolve, reject) => {
        // cockpit's promise hands the response body to the failure handler as
        // a second argument; a native promise would drop it.
        send(method, path, options).then(
            text => resolve(text ? JSON.parse(text) : null),
            (ex, text) => reject(fail(toApiError(ex, text))));
    });
}

// A streamed answer of JSON lines (NDJSON): onLine gets each decoded line,
// then onEnd(error or null) once the stream is over. Returns a close function.
export function streamLines(method, path, onLine, onEnd, options) {
    let pending = "";
    const req = send(method, path, options);
    req.stream(chunk => {
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (!line)
                continue;
            try {
                onLine(JSON.parse(line));
            } catch (e) {
                console.warn("bams: bad stream line", line, e);
            }
        }
    });
    req.then(() => onEnd(null), (ex, text) => onEnd(fail(toApiError(ex, text))));
    return () => req.close();
}

// A link the browser can open or download from directly. It is a Cockpit
// "external channel": cockpit-ws answers the GET itself, streaming the
// bridge's channel to bamsd straight into the browser (status and headers,
// Content-Disposition included, are bamsd's), so an answer of any size is
// never held in memory. The bridge runs as the logged-in user, so bamsd
// authorizes (and audits) that user as for every other call.
export function channelUrl(method, path) {
    const open = {
        payload: "http-stream2",
        unix: SOCKET,
        method,
        path: BASE + path,
        binary: "raw",
    };
    const json = JSON.stringify(open);
    const query = window.btoa(String.fromCharCode(...new TextEncoder().encode(json)));
    const prefix = new URL(cockpit.transport.uri(`channel/${cockpit.transport.csrf_token}`)).pathname;
    return `${prefix}?${query}`;
}
