// Snapshot tasks: periodic snapshots of ZFS datasets and btrfs subvolumes,
// each pruning only its own snapshots.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listSnapTasks = () => request("GET", "/snaptasks");
export const getSnapTask = name => request("GET", `/snaptasks/${enc(name)}`);
export const createSnapTask = task => request("POST", "/snaptasks", { body: task });
// PUT keeps every field the body leaves out.
export const updateSnapTask = (name, changes) => request("PUT", `/snaptasks/${enc(name)}`, { body: changes });
export const deleteSnapTask = name => request("DELETE", `/snaptasks/${enc(name)}`);
export const runSnapTask = name => request("POST", `/snaptasks/${enc(name)}/run`);
export const getSnapTaskPlan = (name, { asOf } = {}) =>
    request("GET", `/snaptasks/${enc(name)}/plan`, { params: { as_of: asOf } });
export const applySnapTaskPlan = (name, { planToken, maxDelete }) =>
    request("POST", `/snaptasks/${enc(name)}/apply`, { body: { plan_token: planToken, max_delete: maxDelete } });
