// How numbers, sizes and times read in the UI. Dates are shown in the
// appliance's time zone (from the dashboard), with the zone named, because
// the browser may be somewhere else.
import cockpit, { _ } from "./cockpit.js";

export function bytes(n) {
    if (n === undefined || n === null)
        return "";
    const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function duration(seconds) {
    const s = Math.floor(seconds);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0)
        return cockpit.format(_("$0 d $1 h"), d, h);
    if (h > 0)
        return cockpit.format(_("$0 h $1 min"), h, m);
    if (m > 0)
        return cockpit.format(_("$0 min"), m);
    return cockpit.format(_("$0 s"), s);
}

// How long ago an instant was: "3 h 5 min ago".
export function age(iso, now = Date.now()) {
    if (!iso || iso.startsWith("0001-"))
        return "";
    return cockpit.format(_("$0 ago"), duration(Math.max(0, now - Date.parse(iso)) / 1000));
}

const formatters = new Map();

function formatter(timeZone) {
    const key = timeZone || "";
    if (!formatters.has(key)) {
        // dateStyle/timeStyle cannot be combined with timeZoneName: spell it out.
        const opts = {
            year: "numeric", month: "short", day: "numeric",
            hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
        };
        let f;
        try {
            f = new Intl.DateTimeFormat(cockpit.language, { ...opts, timeZone: timeZone || undefined });
        } catch {
            // an unknown zone name: fall back to the browser's, still named
            f = new Intl.DateTimeFormat(cockpit.language, opts);
        }
        formatters.set(key, f);
    }
    return formatters.get(key);
}

export function dateTime(iso, timeZone) {
    if (!iso || iso.startsWith("0001-"))
        return "";
    return formatter(timeZone).format(new Date(iso));
}

// <input type="datetime-local"> speaks the browser's local time without a
// zone; the API speaks RFC 3339.
export function localInputToISO(value) {
    return value ? new Date(value).toISOString() : "";
}

export function isoToLocalInput(iso) {
    if (!iso)
        return "";
    const d = new Date(iso);
    if (isNaN(d))
        return "";
    const pad = n => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
