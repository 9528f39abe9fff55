// #/storage and its sub-pages, one tab each: disks (with what holds each),
// ZFS pools (#/storage/pools/<name>: vdev tree and live scrub), LVM volume
// groups and logical volumes, btrfs filesystems and their subvolumes.
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";

import { _ } from "../../cockpit.js";
import { go } from "../../location.js";
import { BtrfsList } from "./BtrfsList.jsx";
import { DiskList } from "./DiskList.jsx";
import { LvmList } from "./LvmList.jsx";
import { PoolDetail } from "./PoolDetail.jsx";
import { PoolList } from "./PoolList.jsx";

const SUBPAGES = [
    { id: "disks", title: _("Disks"), list: DiskList },
    { id: "pools", title: _("ZFS pools"), list: PoolList, detail: PoolDetail },
    { id: "lvm", title: _("LVM"), list: LvmList },
    { id: "btrfs", title: _("btrfs"), list: BtrfsList },
];

export function StoragePage({ path }) {
    const sub = SUBPAGES.find(s => s.id === path[0]) || SUBPAGES[0];
    const name = path[1];
    const Component = name && sub.detail ? sub.detail : sub.list;
    return (
        <PageSection data-test="storage-page" data-subpage={sub.id}>
            <Tabs isSubtab activeKey={sub.id} aria-label={_("Storage pages")} data-test="storage-nav"
                  onSelect={(_e, id) => go(id === "disks" ? ["storage"] : ["storage", id])}>
                {SUBPAGES.map(s =>
                    <Tab key={s.id} eventKey={s.id} title={<TabTitleText>{s.title}</TabTitleText>}
                         data-test={`storage-nav-${s.id}`} />)}
            </Tabs>
            <div className="bams-section">
                <Component key={`${sub.id}/${name || ""}`} name={name} />
            </div>
        </PageSection>
    );
}
