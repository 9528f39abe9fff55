// Pull-backup hosts: their settings, connection (SSH key and host key),
// schedule, backups, snapshots, the files in a snapshot and restores.
import { channelUrl, request } from "./transport.js";
import { queryValue } from "../bytePath.js";

const enc = encodeURIComponent;

export const listHosts = () => request("GET", "/hosts");
export const getHost = name => request("GET", `/hosts/${enc(name)}`);
export const createHost = host => request("POST", "/hosts", { body: host });
export const updateHost = (name, host) => request("PUT", `/hosts/${enc(name)}`, { body: host });
export const deleteHost = name => request("DELETE", `/hosts/${enc(name)}`);

export const getSSHKey = () => request("GET", "/ssh/key");
export const testHost = name => request("POST", `/hosts/${enc(name)}/test`, { body: {} });
export const acceptHostKey = (name, fingerprint) =>
    request("POST", `/hosts/${enc(name)}/hostkey`, { body: { fingerprint } });

export const listSchedules = () => request("GET", "/schedules");
export const getSchedule = name => request("GET", `/hosts/${enc(name)}/schedule`);
export const setSchedule = (name, { cron, enabled, prune }) =>
    request("PUT", `/hosts/${enc(name)}/schedule`, { body: { cron, enabled, prune } });

export const startBackup = name => request("POST", `/hosts/${enc(name)}/backup`, { body: { kind: "manual" } });

export const listSnapshots = (name, { kind, state, year, month, day } = {}) =>
    request("GET", `/hosts/${enc(name)}/snapshots`, { params: { kind, state, year, month, day } });
export const discoverSnapshots = name => request("POST", `/hosts/${enc(name)}/snapshots/discover`, { body: {} });
export const markSnapshot = (name, snap, kind) =>
    request("POST", `/hosts/${enc(name)}/snapshots/${enc(snap)}/mark`, { body: { kind } });
export const protectSnapshot = (name, snap, why) =>
    request("POST", `/hosts/${enc(name)}/snapshots/${enc(snap)}/protect`, { body: { why } });
export const unprotectSnapshot = (name, snap) => request("DELETE", `/hosts/${enc(name)}/snapshots/${enc(snap)}/protect`);

// path goes as percent-encoded bytes (queryValue): a name that is not
// UTF-8 is still named exactly.
export const listFiles = (name, snap, { path, limit, cursor } = {}) =>
    request("GET", `/hosts/${enc(name)}/snapshots/${enc(snap)}/files?path=${queryValue(path)}`, { params: { limit, cursor } });
// A link that downloads path of a snapshot as .tar.gz, streamed by Cockpit
// (see channelUrl), however large.
export const downloadUrl = (name, snap, path) =>
    channelUrl("GET", `/hosts/${enc(name)}/snapshots/${enc(snap)}/download?path=${queryValue(path)}`);
export const startRestore = (name, restore) => request("POST", `/hosts/${enc(name)}/restore`, { body: restore });
