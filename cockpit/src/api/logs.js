// Service logs: a filtered read, following one live (NDJSON), and the
// diagnostics bundle that holds them with the rest.
import { channelUrl, request, streamLines } from "./transport.js";

const enc = encodeURIComponent;

export const LOG_SERVICES = ["bamsd", "bacula-dir", "bacula-sd", "bacula-fd", "iscsi"];

export const readLogs = (service, { since, until, level, text, limit } = {}) =>
    request("GET", `/logs/${enc(service)}`, { params: { since, until, level, text, limit } });
export const followLogs = (service, { level, text } = {}, onEntry, onEnd) =>
    streamLines("GET", `/logs/${enc(service)}/stream`, onEntry, onEnd, { params: { level, text } });

// The support bundle (.tar.gz, secrets redacted), as a link the browser
// downloads straight from bamsd (see channelUrl).
export const diagnosticsUrl = () => channelUrl("GET", "/diagnostics/bundle");
