// Service logs: a filtered read, and following one live (NDJSON).
import { request, streamLines } from "./transport.js";

const enc = encodeURIComponent;

export const LOG_SERVICES = ["bamsd", "bacula-dir", "bacula-sd", "bacula-fd", "iscsi"];

export const readLogs = (service, { since, until, level, text, limit } = {}) =>
    request("GET", `/logs/${enc(service)}`, { params: { since, until, level, text, limit } });
export const followLogs = (service, { level, text } = {}, onEntry, onEnd) =>
    streamLines("GET", `/logs/${enc(service)}/stream`, onEntry, onEnd, { params: { level, text } });
