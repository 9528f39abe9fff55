// #/tape, #/tape/media and #/tape/virtual: the tape libraries (drives, slot
// grid, mail slots, moves through each library's queue), the media inventory
// with its reconciliation against the Bacula catalog, and mhvtl plans.
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";

import { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { LibraryView } from "./LibraryView.jsx";
import { MediaView } from "./MediaView.jsx";
import { VirtualView } from "./VirtualView.jsx";

const SUBPAGES = [
    { id: "library", title: _("Tape library"), component: LibraryView },
    { id: "media", title: _("Media"), component: MediaView },
    { id: "virtual", title: _("Virtual library"), component: VirtualView },
];

export function TapePage({ path, options }) {
    const sub = SUBPAGES.find(s => s.id === path[0]) || SUBPAGES[0];
    const Component = sub.component;
    return (
        <PageSection data-test="tape-page" data-subpage={sub.id}>
            <Tabs isSubtab activeKey={sub.id} aria-label={_("Tape pages")} data-test="tape-nav"
                  onSelect={(_e, id) => go(id === "library" ? ["tape"] : ["tape", id])}>
                {SUBPAGES.map(s =>
                    <Tab key={s.id} eventKey={s.id} title={<TabTitleText>{s.title}</TabTitleText>}
                         data-test={`tape-nav-${s.id}`} />)}
            </Tabs>
            <div className="bams-section">
                <Component options={options} />
            </div>
        </PageSection>
    );
}
