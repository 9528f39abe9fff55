// #/snapshots: ZFS snapshots of a dataset (#/snapshots?dataset=tank/a), or
// the btrfs snapshots BAMS owns of a subvolume (#/snapshots/btrfs?subvolume=PATH),
// with their owner: a snapshot made by hand or by another tool has none,
// and no task of BAMS ever destroys it.
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";

import { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { BtrfsSnapshots } from "./BtrfsSnapshots.jsx";
import { ZFSSnapshots } from "./ZFSSnapshots.jsx";

export function SnapshotsPage({ path, options }) {
    const kind = path[0] === "btrfs" ? "btrfs" : "zfs";
    return (
        <PageSection data-test="snapshots-page" data-kind={kind}>
            <Tabs isSubtab activeKey={kind} aria-label={_("Snapshot kinds")} data-test="snapshots-nav"
                  onSelect={(_e, k) => go(k === "zfs" ? ["snapshots"] : ["snapshots", "btrfs"])}>
                <Tab eventKey="zfs" title={<TabTitleText>{_("ZFS")}</TabTitleText>} data-test="snapshots-nav-zfs" />
                <Tab eventKey="btrfs" title={<TabTitleText>{_("btrfs")}</TabTitleText>} data-test="snapshots-nav-btrfs" />
            </Tabs>
            <div className="bams-section">
                {kind === "zfs"
                    ? <ZFSSnapshots options={options} />
                    : <BtrfsSnapshots key={options.subvolume || ""} subvolume={options.subvolume || ""} />}
            </div>
        </PageSection>
    );
}
