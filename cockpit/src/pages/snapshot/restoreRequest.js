// The restore dialog's fields and the API request they make. Pure, so the
// dialog can tell whether the request about to run is the one a dry run
// has just checked.
import { _ } from "../../cockpit.js";
import { isBytes, toBase64 } from "../../bytePath.js";

export const initialFields = selected => ({
    scope: selected.length ? "selected" : "sources",
    target: "host",
    hostPath: "",
    localDir: "",
    del: false,
});

function to(f) {
    if (f.target === "elsewhere")
        return "host:" + f.hostPath.trim();
    if (f.target === "local")
        return "local:" + f.localDir.trim();
    return "host";
}

// api.RestoreRequest; paths left out means the host's source paths. A
// path that is not UTF-8 goes as its bytes (paths_base64).
export function restoreRequest(snapshot, selected, f, dryRun) {
    const req = { snapshot, to: to(f), delete: f.del, dry_run: dryRun };
    if (f.scope === "selected") {
        req.paths = selected.filter(p => !isBytes(p));
        const raw = selected.filter(isBytes).map(toBase64);
        if (raw.length)
            req.paths_base64 = raw;
    }
    return req;
}

// What the API would refuse anyway, said before asking: {field: message}.
export function problems(f) {
    if (f.target === "elsewhere" && !f.hostPath.trim().startsWith("/"))
        return { to: _("Name an absolute folder on the host, like /srv/restored.") };
    if (f.target === "local" && !f.localDir.trim())
        return { to: _("Name a folder under the restore root.") };
    return {};
}

// The same request, dry run or not.
export const sameRequest = (a, b) =>
    !!a && !!b && JSON.stringify({ ...a, dry_run: false }) === JSON.stringify({ ...b, dry_run: false });
