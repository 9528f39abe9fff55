// #/hosts is the list of hosts, #/hosts/<name> one host with its settings,
// connection, snapshots and runs, #/hosts/<name>/retention its retention plan.
import { RetentionPage } from "../retention/RetentionPage.jsx";
import { HostDetail } from "./HostDetail.jsx";
import { HostList } from "./HostList.jsx";

export function HostsPage({ path, options }) {
    if (path[0] && path[1] === "retention")
        return <RetentionPage name={path[0]} options={options} />;
    return path[0] ? <HostDetail name={path[0]} options={options} /> : <HostList />;
}
