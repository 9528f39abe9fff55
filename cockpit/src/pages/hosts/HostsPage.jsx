// #/hosts is the list of hosts, #/hosts/<name> one host with its settings,
// connection, snapshots and runs, #/hosts/<name>/retention its retention plan,
// #/hosts/<name>/snapshots/<snap>?path= the files of one of its snapshots.
import { RetentionPage } from "../retention/RetentionPage.jsx";
import { SnapshotBrowser } from "../snapshot/SnapshotBrowser.jsx";
import { HostDetail } from "./HostDetail.jsx";
import { HostList } from "./HostList.jsx";

export function HostsPage({ path, options }) {
    if (path[0] && path[1] === "retention")
        return <RetentionPage name={path[0]} options={options} />;
    if (path[0] && path[1] === "snapshots" && path[2])
        return <SnapshotBrowser name={path[0]} snap={path[2]} options={options} />;
    return path[0] ? <HostDetail name={path[0]} options={options} /> : <HostList />;
}
