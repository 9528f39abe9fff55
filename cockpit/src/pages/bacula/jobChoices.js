// What a job can be built from. Clients and pools have routes of their
// own; filesets, schedules and storages do not (for readers), so they are
// the ones the director's existing jobs use.
import { listBaculaClients, listBaculaJobs, listBaculaPools } from "../../api.js";

const distinct = (jobs, key) => [...new Set(jobs.map(j => j[key]).filter(Boolean))].sort();

export async function loadJobChoices() {
    const [clients, pools, jobs] = await Promise.all([
        listBaculaClients(), listBaculaPools(), listBaculaJobs({ limit: 1000 }),
    ]);
    return {
        clients: clients.clients.map(c => c.name),
        pools: pools.pools.map(p => p.name),
        filesets: distinct(jobs.jobs, "fileset"),
        schedules: distinct(jobs.jobs, "schedule"),
        storages: distinct(jobs.jobs, "storage"),
    };
}
