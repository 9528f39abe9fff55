// Filters for a host's snapshots: kind, state, and the day they started by
// year, month and day in the appliance's time zone. They live in the URL
// (#/hosts/<name>?year=2026&month=11) so a filtered view is a link.
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import { _ } from "../../cockpit.js";
import { KINDS } from "../../components/SnapshotState.jsx";

export const FILTERS = ["kind", "state", "year", "month", "day"];

const STATES = { complete: _("Complete"), failed: _("Failed"), unknown: _("Unknown") };
const MONTHS = Array.from({ length: 12 }, (_x, i) =>
    [String(i + 1), new Date(2000, i, 1).toLocaleString(undefined, { month: "long" })]);
const DAYS = Array.from({ length: 31 }, (_x, i) => [String(i + 1), String(i + 1)]);

// The years to offer: from the oldest year seen up to this one.
function years(oldest) {
    const now = new Date().getFullYear();
    const from = Math.min(oldest || now, now);
    return Array.from({ length: now - from + 1 }, (_x, i) => String(now - i)).map(y => [y, y]);
}

function Select({ name, label, any, choices, value, onChange }) {
    return (
        <ToolbarItem>
            <FormSelect aria-label={label} value={value || ""} data-test={`snap-filter-${name}`}
                        onChange={(_e, v) => onChange(name, v)}>
                <FormSelectOption value="" label={any} />
                {choices.map(([v, text]) => <FormSelectOption key={v} value={v} label={text} />)}
            </FormSelect>
        </ToolbarItem>
    );
}

export function SnapshotFilters({ filters, oldestYear, onChange }) {
    return (
        <Toolbar data-test="snapshot-filters">
            <ToolbarContent>
                <Select name="kind" label={_("Kind")} any={_("Any kind")} choices={Object.entries(KINDS)}
                        value={filters.kind} onChange={onChange} />
                <Select name="state" label={_("State")} any={_("Any state")} choices={Object.entries(STATES)}
                        value={filters.state} onChange={onChange} />
                <Select name="year" label={_("Year")} any={_("Any year")} choices={years(oldestYear)}
                        value={filters.year} onChange={onChange} />
                <Select name="month" label={_("Month")} any={_("Any month")} choices={MONTHS}
                        value={filters.month} onChange={onChange} />
                <Select name="day" label={_("Day")} any={_("Any day")} choices={DAYS}
                        value={filters.day} onChange={onChange} />
            </ToolbarContent>
        </Toolbar>
    );
}
