// A task's log lines as they arrive.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";

import { _ } from "../../cockpit.js";
import { Time } from "../../components/Time.jsx";
import { visible } from "../../visible.js";

export function TaskLog({ lines }) {
    return (
        <Card className="bams-task-log">
            <CardTitle>{_("Log")}</CardTitle>
            <CardBody>
                {lines.length === 0
                    ? <p className="bams-muted">{_("No log lines yet.")}</p>
                    : <pre data-test="task-log">
                        {lines.map((l, i) =>
                            <div key={i} className={`bams-log-${l.level}`}>
                                <Time value={l.time} /> {l.level !== "info" && `[${l.level}] `}{visible(l.text)}
                            </div>)}
                    </pre>}
            </CardBody>
        </Card>
    );
}
