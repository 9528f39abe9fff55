// iSCSI targets through SCST: the desired state, its plan and apply, sessions.
import { request } from "./transport.js";

const enc = encodeURIComponent;

export const listISCSITargets = () => request("GET", "/iscsi/targets");
export const createISCSITarget = target => request("POST", "/iscsi/targets", { body: target });
export const updateISCSITarget = (name, target) => request("PUT", `/iscsi/targets/${enc(name)}`, { body: target });
export const deleteISCSITarget = (name, confirm) => request("DELETE", `/iscsi/targets/${enc(name)}`, { body: { confirm } });

export const addISCSILUN = (name, lun) => request("POST", `/iscsi/targets/${enc(name)}/luns`, { body: lun });
export const removeISCSILUN = (name, lun, confirm) =>
    request("DELETE", `/iscsi/targets/${enc(name)}/luns/${enc(lun)}`, { body: { confirm } });

export const getISCSIPlan = () => request("GET", "/iscsi/plan");
export const applyISCSI = (planToken, dropSessions) =>
    request("POST", "/iscsi/apply", { body: { plan_token: planToken, drop_sessions: dropSessions } });
export const getISCSITargetPlan = name => request("GET", `/iscsi/targets/${enc(name)}/plan`);
export const applyISCSITarget = (name, planToken, dropSessions) =>
    request("POST", `/iscsi/targets/${enc(name)}/apply`, { body: { plan_token: planToken, drop_sessions: dropSessions } });

export const listISCSISessions = () => request("GET", "/iscsi/sessions");
