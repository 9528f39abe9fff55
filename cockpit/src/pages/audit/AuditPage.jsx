// The audit trail, newest first, filtered by user, action and time. New
// records arrive through the events stream and are prepended when they
// match the filters.
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { listAudit } from "../../api/system.js";
import { go } from "../../location.js";
import { useEvents, useReloadOn, useResource } from "../../hooks.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { AuditFilters } from "./AuditFilters.jsx";
import { AuditTable } from "./AuditTable.jsx";

function matches(record, f) {
    const t = Date.parse(record.time);
    return (!f.user || record.user === f.user) &&
        (!f.action || record.action === f.action) &&
        (!f.since || t >= Date.parse(f.since)) &&
        (!f.until || t <= Date.parse(f.until));
}

export function AuditPage({ options }) {
    const filters = { user: options.user, action: options.action, since: options.since, until: options.until };
    const key = JSON.stringify(filters);
    const { data, error, loading, reload, update } = useResource(() => listAudit(filters), [key]);

    useReloadOn([], reload); // only to catch up after a stream reconnect
    useEvents(event => {
        if (event.type === "audit" && event.audit && matches(event.audit, filters))
            update(d => d.records.some(r => r.seq === event.audit.seq)
                ? d
                : { ...d, records: [event.audit, ...d.records] });
    });

    const more = () =>
        listAudit({ ...filters, cursor: data.next })
                .then(page => update(d => ({ records: [...d.records, ...page.records], next: page.next })))
                .catch(e => update(d => ({ ...d, moreError: e })));

    const apply = f => go(["audit"], Object.fromEntries(Object.entries(f).filter(([, v]) => v)));

    return (
        <PageSection data-test="audit-page">
            <AuditFilters key={key} filters={filters} onApply={apply} />
            <ApiErrorAlert error={error || data?.moreError} />
            {loading && <Spinner aria-label={_("Loading")} />}
            {data && data.records.length === 0 &&
                <p className="bams-muted" data-test="audit-empty">{_("No audit records match.")}</p>}
            {data && data.records.length > 0 && <AuditTable records={data.records} />}
            {data?.next && <Button variant="link" onClick={more} data-test="audit-more">{_("Load more")}</Button>}
        </PageSection>
    );
}
