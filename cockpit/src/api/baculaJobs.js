// Bacula jobs: the director's jobs, their runs (history, cancel, restore),
// the dashboard's figures, and a console limited to read-only commands.
import { request } from "./transport.js";

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

export const runBaculaConsole = command => request("POST", "/backup/console/execute", { body: { command } });
