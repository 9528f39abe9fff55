// What a job can be built from: every client, file set, schedule, pool and
// storage the director has (GET /backup/resources).
import { getBaculaJobResources } from "../../api/baculaJobs.js";

export async function loadJobChoices() {
    const r = await getBaculaJobResources();
    return { clients: r.clients, filesets: r.filesets, schedules: r.schedules, pools: r.pools, storages: r.storages };
}
