// Retention: the default and per-host policies, a host's plan, applying it
// and measuring exactly what it frees.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const getDefaultPolicy = () => request("GET", "/retention/policy");
export const saveDefaultPolicy = policy => request("PUT", "/retention/policy", { body: policy });
export const dropDefaultPolicy = () => request("DELETE", "/retention/policy");

export const getHostPolicy = name => request("GET", `/hosts/${enc(name)}/retention/policy`);
export const saveHostPolicy = (name, policy) => request("PUT", `/hosts/${enc(name)}/retention/policy`, { body: policy });
export const dropHostPolicy = name => request("DELETE", `/hosts/${enc(name)}/retention/policy`);

// A plan of the saved policy, or of draft (a policy not saved yet) when given.
export const getRetentionPlan = (name, { kind, asOf, draft }) =>
    request(draft ? "POST" : "GET", `/hosts/${enc(name)}/retention/plan`,
            { params: { kind, as_of: asOf }, body: draft || undefined });
export const applyRetention = (name, { kind, planToken, maxDelete }) =>
    request("POST", `/hosts/${enc(name)}/retention/apply`,
            { body: { kind, plan_token: planToken, max_delete: maxDelete } });
export const startRetentionSpace = (name, kind) =>
    request("POST", `/hosts/${enc(name)}/retention/space`, { body: { kind } });
