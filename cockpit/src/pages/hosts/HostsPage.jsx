// #/hosts is the list of hosts, #/hosts/<name> one host with its settings,
// connection, snapshots and runs.
import { HostDetail } from "./HostDetail.jsx";
import { HostList } from "./HostList.jsx";

export function HostsPage({ path, options }) {
    return path[0] ? <HostDetail name={path[0]} options={options} /> : <HostList />;
}
