// Sizes and retentions as people type them ("5G", "30 days") and as the
// API wants them (bytes, seconds).
import cockpit, { _ } from "../../cockpit.js";

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i;
const FACTOR = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const DAY = 86400;

// "" is 0 (no limit); anything unreadable is NaN.
export function parseSize(text) {
    if (!text.trim())
        return 0;
    const m = SIZE.exec(text);
    return m ? Math.round(Number(m[1]) * FACTOR[m[2].toLowerCase()]) : NaN;
}

// The shortest exact way to write n bytes for parseSize: "5G", "1536M".
export function formatSize(n) {
    if (!n)
        return "";
    for (const unit of ["t", "g", "m", "k"])
        if (n % FACTOR[unit] === 0)
            return `${n / FACTOR[unit]}${unit.toUpperCase()}`;
    return String(n);
}

export const sizeHelp = _("Like 500M, 5G or 1T; empty for no limit");

export const daysToSeconds = text => (text.trim() ? Number(text) * DAY : undefined);
export const secondsToDays = s => (s ? String(Math.round(s / DAY)) : "");

export function retention(seconds) {
    if (!seconds)
        return "";
    return cockpit.format(_("$0 days"), Math.round(seconds / DAY));
}
