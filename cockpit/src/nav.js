// The plugin's pages, in tab order. A feature adds its page here: id is the
// first path segment (#/<id>/...), the component gets the rest of the path
// and the URL options; badge, when set, is shown beside the tab's title.
import { _ } from "./cockpit.js";
import { DashboardPage } from "./pages/dashboard/DashboardPage.jsx";
import { HostsPage } from "./pages/hosts/HostsPage.jsx";
import { TasksPage } from "./pages/tasks/TasksPage.jsx";
import { AuditPage } from "./pages/audit/AuditPage.jsx";
import { BaculaPage } from "./pages/bacula/BaculaPage.jsx";
import { StoragePage } from "./pages/storage/StoragePage.jsx";
import { RepositoriesPage } from "./pages/repositories/RepositoriesPage.jsx";
import { ISCSIPage } from "./pages/iscsi/ISCSIPage.jsx";
import { TapePage } from "./pages/tape/TapePage.jsx";
import { AlertsPage } from "./pages/alerts/AlertsPage.jsx";
import { AlertsBadge } from "./pages/alerts/AlertsBadge.jsx";
import { LogsPage } from "./pages/logs/LogsPage.jsx";
import { SnapTasksPage } from "./pages/snaptasks/SnapTasksPage.jsx";
import { SnapshotsPage } from "./pages/snapshots/SnapshotsPage.jsx";
import { ReplicationPage } from "./pages/replication/ReplicationPage.jsx";

export const PAGES = [
    { id: "dashboard", title: _("Dashboard"), component: DashboardPage },
    { id: "hosts", title: _("Hosts"), component: HostsPage },
    { id: "storage", title: _("Storage"), component: StoragePage },
    { id: "repositories", title: _("Repositories"), component: RepositoriesPage },
    { id: "snapshots", title: _("Snapshots"), component: SnapshotsPage },
    { id: "snaptasks", title: _("Snapshot tasks"), component: SnapTasksPage },
    { id: "replication", title: _("Replication"), component: ReplicationPage },
    { id: "bacula", title: _("Bacula"), component: BaculaPage },
    { id: "iscsi", title: _("iSCSI"), component: ISCSIPage },
    { id: "tape", title: _("Tape"), component: TapePage },
    { id: "alerts", title: _("Alerts"), component: AlertsPage, badge: AlertsBadge },
    { id: "tasks", title: _("Tasks"), component: TasksPage },
    { id: "logs", title: _("Logs"), component: LogsPage },
    { id: "audit", title: _("Audit"), component: AuditPage },
];

export function pageFor(path) {
    return PAGES.find(p => p.id === path[0]) || PAGES[0];
}
