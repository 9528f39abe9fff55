// A protected snapshot's pin: who protected it, when and why.
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { ThumbtackIcon } from "@patternfly/react-icons/dist/esm/icons/thumbtack-icon.js";

import { _ } from "../../cockpit.js";
import { Time } from "../../components/Time.jsx";

export function SnapshotPin({ protection, timeZone }) {
    if (!protection)
        return null;
    return (
        <span data-test="snapshot-pin" data-by={protection.by}>
            <Label color="purple" icon={<ThumbtackIcon />}>{_("Protected")}</Label>{" "}
            <span className="bams-muted">
                {protection.by} <Time value={protection.at} timeZone={timeZone} />
                {protection.why && <>: <span data-test="snapshot-pin-why">{protection.why}</span></>}
            </span>
        </span>
    );
}
