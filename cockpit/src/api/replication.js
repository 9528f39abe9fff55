// Replication tasks: zfs or btrfs send to another machine, their runs and
// their targets' host keys.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listReplications = () => request("GET", "/replications");
export const getReplication = name => request("GET", `/replications/${enc(name)}`);
export const createReplication = config => request("POST", "/replications", { body: config });
export const updateReplication = (name, config) => request("PUT", `/replications/${enc(name)}`, { body: config });
export const deleteReplication = name => request("DELETE", `/replications/${enc(name)}`);
export const runReplication = name => request("POST", `/replications/${enc(name)}/run`, { body: {} });
export const testReplication = name => request("POST", `/replications/${enc(name)}/test`, { body: {} });
export const acceptReplicationKey = (name, fingerprint) =>
    request("POST", `/replications/${enc(name)}/hostkey`, { body: { fingerprint } });
