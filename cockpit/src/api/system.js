// The daemon itself: health, who the user is, the dashboard, the self-check,
// tasks, the audit trail and the events stream.
import { request, streamLines } from "./transport.js";

const enc = encodeURIComponent;

export const getHealth = () => request("GET", "/health");
export const getMe = () => request("GET", "/me");
export const getDashboard = () => request("GET", "/dashboard");
export const getHistory = ({ since } = {}) => request("GET", "/dashboard/history", { params: { since } });
export const startSelfcheck = () => request("POST", "/system/selfcheck", { body: {} });

export const listTasks = ({ state, kind, target, limit, cursor } = {}) =>
    request("GET", "/tasks", { params: { state, kind, target, limit, cursor } });
export const getTask = id => request("GET", `/tasks/${enc(id)}`);
export const cancelTask = id => request("DELETE", `/tasks/${enc(id)}`);

export const listAudit = ({ user, action, since, until, limit, cursor } = {}) =>
    request("GET", "/audit", { params: { user, action, since, until, limit, cursor } });

// Calls onEvent with each api.Event until the stream ends (events.js is
// its one caller and reconnects).
export const openEvents = (onEvent, onEnd) => streamLines("GET", "/events", onEvent, onEnd);
