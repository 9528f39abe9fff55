// #/replication: the replication tasks with their state, lag and last run;
// #/replication/<name> one task: its settings, its target's host key, the
// live progress of its run and its recent runs.
import { ReplicationDetail } from "./ReplicationDetail.jsx";
import { ReplicationList } from "./ReplicationList.jsx";

export function ReplicationPage({ path }) {
    return path[0] ? <ReplicationDetail name={path[0]} /> : <ReplicationList />;
}
