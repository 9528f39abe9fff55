// The latest audit records: who changed or ran what, and how it went.
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";

import { _ } from "../../cockpit.js";
import { AuditTable } from "../audit/AuditTable.jsx";

export function AuditCard({ records }) {
    return (
        <Card data-test="audit-card">
            <CardTitle><a href="#/audit">{_("Recent audit")}</a></CardTitle>
            <CardBody>
                {records.length === 0
                    ? <p className="bams-muted">{_("Nothing has been changed or run yet.")}</p>
                    : <AuditTable records={records} compact />}
            </CardBody>
        </Card>
    );
}
