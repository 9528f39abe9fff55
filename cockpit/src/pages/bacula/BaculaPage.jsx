// #/bacula and its sub-pages, one tab each: the overview, jobs
// (#/bacula/jobs/<name>), history (#/bacula/history/<jobid>), clients
// (#/bacula/clients/<name>), pools, volumes, media (#/bacula/media/<label>)
// and the console.
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";

import { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { BaculaDashboard } from "./BaculaDashboard.jsx";
import { ClientDetail } from "./ClientDetail.jsx";
import { ClientList } from "./ClientList.jsx";
import { ConsolePage } from "./ConsolePage.jsx";
import { HistoryList } from "./HistoryList.jsx";
import { JobDetail } from "./JobDetail.jsx";
import { JobList } from "./JobList.jsx";
import { MediaList } from "./MediaList.jsx";
import { MediumDetail } from "./MediumDetail.jsx";
import { PoolList } from "./PoolList.jsx";
import { RunDetail } from "./RunDetail.jsx";
import { VolumeList } from "./VolumeList.jsx";

const SUBPAGES = [
    { id: "overview", title: _("Overview"), list: BaculaDashboard },
    { id: "jobs", title: _("Jobs"), list: JobList, detail: JobDetail },
    { id: "history", title: _("History"), list: HistoryList, detail: RunDetail },
    { id: "clients", title: _("Clients"), list: ClientList, detail: ClientDetail },
    { id: "pools", title: _("Pools"), list: PoolList },
    { id: "volumes", title: _("Volumes"), list: VolumeList },
    { id: "media", title: _("Media"), list: MediaList, detail: MediumDetail },
    { id: "console", title: _("Console"), list: ConsolePage },
];

export function BaculaPage({ path, options }) {
    const sub = SUBPAGES.find(s => s.id === path[0]) || SUBPAGES[0];
    const name = path[1];
    const Component = name && sub.detail ? sub.detail : sub.list;
    return (
        <PageSection data-test="bacula-page" data-subpage={sub.id}>
            <Tabs isSubtab activeKey={sub.id} aria-label={_("Bacula pages")} data-test="bacula-nav"
                  onSelect={(_e, id) => go(id === "overview" ? ["bacula"] : ["bacula", id])}>
                {SUBPAGES.map(s =>
                    <Tab key={s.id} eventKey={s.id} title={<TabTitleText>{s.title}</TabTitleText>}
                         data-test={`bacula-nav-${s.id}`} />)}
            </Tabs>
            <div className="bams-section">
                <Component key={`${sub.id}/${name || ""}`} name={name} options={options} />
            </div>
        </PageSection>
    );
}
