// A retention policy as form fields and back, with the checks the API
// makes that a form can make first (the API's 400 names the field).
import { _ } from "../../cockpit.js";

export const COUNTS = [
    ["keep_last", _("Keep last")],
    ["keep_hourly", _("Hourly")],
    ["keep_daily", _("Daily")],
    ["keep_weekly", _("Weekly")],
    ["keep_monthly", _("Monthly")],
    ["keep_yearly", _("Yearly")],
    ["minimum", _("Minimum")],
    ["max_delete", _("Max delete per prune")],
];

export const KINDS = ["scheduled", "manual", "all"];

const WITHIN = /^(0|(\d+d)?(\d+h)?(\d+m)?)$/;

export function validatePolicy(p) {
    const problems = {};
    for (const [field] of COUNTS)
        if (!Number.isInteger(p[field]) || p[field] < 0)
            problems[field] = _("A whole number, 0 or more");
    if (p.max_delete > 100000)
        problems.max_delete = _("At most 100000");
    if (!WITHIN.test(p.keep_within || ""))
        problems.keep_within = _("Days, hours and minutes in that order: 7d, 36h, 1d12h, 90m");
    return problems;
}

// Form fields hold text; the policy holds numbers.
export const toFields = policy => Object.fromEntries(Object.entries(policy).map(([k, v]) => [k, String(v)]));

export function toPolicy(fields) {
    const p = { keep_within: fields.keep_within.trim(), kinds: fields.kinds };
    for (const [field] of COUNTS)
        p[field] = fields[field].trim() === "" ? 0 : Number(fields[field]);
    return p;
}

// The limit one apply is held to when the policy leaves it unset.
export const maxDeleteOf = policy => policy.max_delete || 10;

export const samePolicy = (a, b) => Object.keys({ ...a, ...b }).every(k => a[k] === b[k]);
