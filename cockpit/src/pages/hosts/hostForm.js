// A host's settings as form fields (lists as one entry per line, numbers as
// text) and back, with the checks the API makes that a form can make first.
// The API stays the judge: its 400 names the field, shown at that field.
import cockpit, { _ } from "../../cockpit.js";

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/;
// A source path the API refuses: not absolute, a ".." part, a control
// character or line break, over 4096 bytes. Spaces, quotes and any letters
// are fine; the API drops a trailing "/", a "//" or a "/./" itself.
const badSourcePath = p => !p.startsWith("/") || /(^|\/)\.\.(\/|$)/.test(p) ||
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(p) || new TextEncoder().encode(p).length > 4096;
const lines = text => text.split("\n").map(l => l.trim()).filter(Boolean);

export function toFields(host) {
    return {
        name: host?.name || "",
        address: host?.address || "",
        port: String(host?.port || 22),
        user: host?.user || "root",
        repository: host?.repository || "default",
        paths: (host?.paths || []).join("\n"),
        include: (host?.include || []).join("\n"),
        exclude: (host?.exclude || []).join("\n"),
        bandwidth_kbps: String(host?.bandwidth_kbps || 0),
        io_timeout_seconds: String(host?.io_timeout_seconds || 600),
        enabled: host ? host.enabled : true,
        pre_backup: host?.pre_backup || "",
        post_backup: host?.post_backup || "",
        pre_restore: host?.pre_restore || "",
        post_restore: host?.post_restore || "",
    };
}

export function toHost(f) {
    return {
        name: f.name.trim(),
        address: f.address.trim(),
        port: Number(f.port),
        user: f.user.trim(),
        repository: f.repository.trim() || "default",
        paths: lines(f.paths),
        include: lines(f.include),
        exclude: lines(f.exclude),
        bandwidth_kbps: Number(f.bandwidth_kbps),
        io_timeout_seconds: Number(f.io_timeout_seconds),
        enabled: f.enabled,
        pre_backup: f.pre_backup,
        post_backup: f.post_backup,
        pre_restore: f.pre_restore,
        post_restore: f.post_restore,
    };
}

const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

// Problems a user can fix before sending, as {field: message}.
export function validate(h) {
    const problems = {};
    if (!NAME.test(h.name))
        problems.name = _("1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
    if (!h.address)
        problems.address = _("A DNS name or an IP address");
    if (!isInt(h.port, 1, 65535))
        problems.port = _("A port from 1 to 65535");
    if (!USER.test(h.user))
        problems.user = _("A user name such as root");
    const badPath = h.paths.find(badSourcePath);
    if (h.paths.length === 0)
        problems.paths = _("At least one folder to back up");
    else if (badPath)
        problems.paths = cockpit.format(_("$0 must be an absolute path without \"..\" or control characters"), badPath);
    for (const field of ["include", "exclude"]) {
        const bad = h[field].find(p => p.startsWith("-") || p.startsWith("+"));
        if (bad)
            problems[field] = cockpit.format(_("$0 must not start with - or +"), bad);
    }
    if (!isInt(h.bandwidth_kbps, 0, Number.MAX_SAFE_INTEGER))
        problems.bandwidth_kbps = _("KiB/s, 0 for no limit");
    if (!isInt(h.io_timeout_seconds, 1, 86400))
        problems.io_timeout_seconds = _("From 1 to 86400 seconds");
    return problems;
}
