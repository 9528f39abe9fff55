// The one module that talks to bamsd. Every request goes over the daemon's
// Unix socket through the Cockpit bridge, which runs as the logged-in user:
// no "superuser" option, because bamsd authorizes the peer it sees and must
// see the real user, not root.
import cockpit from "./cockpit.js";
import { queryValue } from "./bytePath.js";

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

function request(method, path, { params, body } = {}) {
    return new Promise((resolve, reject) => {
        const req = {
            method,
            path: BASE + path,
            params: cleanParams(params),
            body: body === undefined ? "" : JSON.stringify(body),
        };
        if (body !== undefined)
            req.headers = { "Content-Type": "application/json" };
        // cockpit's promise hands the response body to the failure handler as
        // a second argument; a native promise would drop it.
        http.request(req).then(
            text => resolve(text ? JSON.parse(text) : null),
            (ex, text) => reject(fail(toApiError(ex, text))));
    });
}

export const getHealth = () => request("GET", "/health");
export const getMe = () => request("GET", "/me");
export const getDashboard = () => request("GET", "/dashboard");
export const listTasks = ({ state, kind, target, limit, cursor } = {}) =>
    request("GET", "/tasks", { params: { state, kind, target, limit, cursor } });
export const getTask = id => request("GET", `/tasks/${encodeURIComponent(id)}`);
export const cancelTask = id => request("DELETE", `/tasks/${encodeURIComponent(id)}`);
export const listAudit = ({ user, action, since, until, limit, cursor } = {}) =>
    request("GET", "/audit", { params: { user, action, since, until, limit, cursor } });
export const startSelfcheck = () => request("POST", "/system/selfcheck", { body: {} });

const hostPath = (name, rest = "") => `/hosts/${encodeURIComponent(name)}${rest}`;
export const listHosts = () => request("GET", "/hosts");
export const getHost = name => request("GET", hostPath(name));
export const createHost = host => request("POST", "/hosts", { body: host });
export const updateHost = (name, host) => request("PUT", hostPath(name), { body: host });
export const deleteHost = name => request("DELETE", hostPath(name));
export const listSnapshots = (name, { kind, state, year, month, day } = {}) =>
    request("GET", hostPath(name, "/snapshots"), { params: { kind, state, year, month, day } });
export const discoverSnapshots = name => request("POST", hostPath(name, "/snapshots/discover"), { body: {} });
export const startBackup = name => request("POST", hostPath(name, "/backup"), { body: { kind: "manual" } });
export const testHost = name => request("POST", hostPath(name, "/test"), { body: {} });
export const acceptHostKey = (name, fingerprint) =>
    request("POST", hostPath(name, "/hostkey"), { body: { fingerprint } });
export const listSchedules = () => request("GET", "/schedules");
export const getSchedule = name => request("GET", hostPath(name, "/schedule"));
export const setSchedule = (name, { cron, enabled, prune }) =>
    request("PUT", hostPath(name, "/schedule"), { body: { cron, enabled, prune } });
export const getHostPolicy = name => request("GET", hostPath(name, "/retention/policy"));
export const saveHostPolicy = (name, policy) => request("PUT", hostPath(name, "/retention/policy"), { body: policy });
export const dropHostPolicy = name => request("DELETE", hostPath(name, "/retention/policy"));
export const getDefaultPolicy = () => request("GET", "/retention/policy");
export const saveDefaultPolicy = policy => request("PUT", "/retention/policy", { body: policy });
export const dropDefaultPolicy = () => request("DELETE", "/retention/policy");
// A plan of the saved policy, or of draft (a policy not saved yet) when given.
export const getRetentionPlan = (name, { kind, asOf, draft }) =>
    request(draft ? "POST" : "GET", hostPath(name, "/retention/plan"),
            { params: { kind, as_of: asOf }, body: draft || undefined });
export const applyRetention = (name, { kind, planToken, maxDelete }) =>
    request("POST", hostPath(name, "/retention/apply"),
            { body: { kind, plan_token: planToken, max_delete: maxDelete } });
export const getSSHKey = () => request("GET", "/ssh/key");

const snapPath = (name, snap, rest = "") => hostPath(name, `/snapshots/${encodeURIComponent(snap)}${rest}`);
export const protectSnapshot = (name, snap, why) => request("POST", snapPath(name, snap, "/protect"), { body: { why } });
export const unprotectSnapshot = (name, snap) => request("DELETE", snapPath(name, snap, "/protect"));
export const startRetentionSpace = (name, kind) => request("POST", hostPath(name, "/retention/space"), { body: { kind } });
export const markSnapshot = (name, snap, kind) => request("POST", snapPath(name, snap, "/mark"), { body: { kind } });
// path goes as percent-encoded bytes (queryValue): a name that is not
// UTF-8 is still named exactly.
export const listFiles = (name, snap, { path, limit, cursor } = {}) =>
    request("GET", snapPath(name, snap, "/files") + `?path=${queryValue(path)}`, { params: { limit, cursor } });
export const startRestore = (name, restore) => request("POST", hostPath(name, "/restore"), { body: restore });

// Bacula: the director's jobs, their runs, clients, pools, volumes, media
// and a console limited to read-only commands.
const enc = encodeURIComponent;
export const getBaculaStats = () => request("GET", "/backup/dashboard/stats");
export const getBaculaJobResources = () => request("GET", "/backup/resources");
export const listBaculaJobs = ({ status, client, schedule, limit, cursor } = {}) =>
    request("GET", "/backup/jobs", { params: { status, client, schedule, limit, cursor } });
export const getBaculaJob = name => request("GET", `/backup/jobs/${enc(name)}`);
export const createBaculaJob = job => request("POST", "/backup/jobs", { body: job });
export const runBaculaJob = (name, level) =>
    request("POST", `/backup/jobs/${enc(name)}/run`, { body: level ? { level } : {} });
export const listBaculaRuns = ({ status, client, job, type, since, until, limit, cursor } = {}) =>
    request("GET", "/backup/history", { params: { status, client, job, type, since, until, limit, cursor } });
export const getBaculaRun = jobid => request("GET", `/backup/history/${enc(jobid)}`);
export const cancelBaculaRun = jobid => request("POST", `/backup/history/${enc(jobid)}/cancel`, { body: {} });
export const restoreBaculaRun = (jobid, { where, client }) =>
    request("POST", `/backup/history/${enc(jobid)}/restore`, { body: { where, client: client || undefined } });
export const listBaculaClients = () => request("GET", "/backup/clients");
export const getBaculaClient = name => request("GET", `/backup/clients/${enc(name)}`);
export const listBaculaPools = () => request("GET", "/backup/storage/pools");
export const createBaculaPool = pool => request("POST", "/backup/storage/pools", { body: pool });
export const deleteBaculaPool = name => request("DELETE", `/backup/storage/pools/${enc(name)}`);
export const listBaculaVolumes = ({ pool } = {}) => request("GET", "/backup/storage/volumes", { params: { pool } });
export const labelBaculaVolume = volume => request("POST", "/backup/storage/volumes", { body: volume });
export const updateBaculaVolume = (name, change) =>
    request("PUT", `/backup/storage/volumes/${enc(name)}`, { body: change });
export const deleteBaculaVolume = (name, force) =>
    request("DELETE", `/backup/storage/volumes/${enc(name)}`, { params: { force: force ? "true" : undefined } });
export const listBaculaMedia = () => request("GET", "/backup/media");
export const getBaculaMedium = name => request("GET", `/backup/media/${enc(name)}`);
export const runBaculaConsole = command => request("POST", "/backup/console/execute", { body: { command } });

// A link that downloads path of a snapshot as .tar.gz. It is a Cockpit
// "external channel": cockpit-ws answers the GET itself, streaming the
// bridge's channel to bamsd straight into the browser's download (status
// and headers, Content-Disposition included, are bamsd's), so an archive of
// any size is never held in memory. The bridge runs as the logged-in user,
// so bamsd authorizes (and audits) that user as for every other call.
export function downloadUrl(name, snap, path) {
    const open = {
        payload: "http-stream2",
        unix: SOCKET,
        method: "GET",
        path: `${BASE}${snapPath(name, snap, "/download")}?path=${queryValue(path)}`,
        binary: "raw",
    };
    const json = JSON.stringify(open);
    const query = window.btoa(String.fromCharCode(...new TextEncoder().encode(json)));
    const prefix = new URL(cockpit.transport.uri(`channel/${cockpit.transport.csrf_token}`)).pathname;
    return `${prefix}?${query}`;
}

// Opens GET /events and calls onEvent with each decoded line (api.Event),
// then onEnd(error or null) once the stream is over. Returns a close function.
export function openEvents(onEvent, onEnd) {
    let pending = "";
    const req = http.request({ method: "GET", path: BASE + "/events", body: "" });
    req.stream(chunk => {
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (!line)
                continue;
            try {
                onEvent(JSON.parse(line));
            } catch (e) {
                console.warn("bams: bad event line", line, e);
            }
        }
    });
    req.then(() => onEnd(null), (ex, text) => onEnd(fail(toApiError(ex, text))));
    return () => req.close();
}
