// The replication form's fields (strings, as inputs hold them) to and from
// the API's configuration; ids are the API's field names, so a 400 shows
// at its field.
export function toFields(t) {
    return {
        name: t?.name || "",
        kind: t?.kind || "zfs",
        source: t?.source || "",
        recursive: !!t?.recursive,
        "target.address": t?.target?.address || "",
        "target.port": t?.target?.port ? String(t.target.port) : "",
        "target.user": t?.target?.user || "",
        "target.dataset": t?.target?.dataset || "",
        "target.folder": t?.target?.folder || "",
        cron: t?.cron || "",
        enabled: t ? !!t.enabled : true,
        bandwidth_limit: t?.bandwidth_limit ? String(t.bandwidth_limit) : "",
        keep_target: t?.keep_target ? String(t.keep_target) : "",
        keep_source: t?.keep_source ? String(t.keep_source) : "",
    };
}

const number = s => (s.trim() === "" ? 0 : Number(s));

export function toConfig(f) {
    const zfs = f.kind === "zfs";
    return {
        name: f.name.trim(),
        kind: f.kind,
        source: f.source.trim(),
        recursive: zfs && f.recursive,
        target: {
            address: f["target.address"].trim(),
            port: number(f["target.port"]),
            user: f["target.user"].trim(),
            dataset: zfs ? f["target.dataset"].trim() : "",
            folder: zfs ? "" : f["target.folder"].trim(),
        },
        cron: f.cron.trim(),
        enabled: f.enabled,
        bandwidth_limit: number(f.bandwidth_limit),
        keep_target: number(f.keep_target),
        keep_source: number(f.keep_source),
    };
}

// What can be told before asking bamsd (which checks everything again).
export function validate(c) {
    const problems = {};
    const need = (id, v) => { if (!v) problems[id] = "required" };
    need("name", c.name);
    need("source", c.source);
    need("target.address", c.target.address);
    need("target.user", c.target.user);
    need(c.kind === "zfs" ? "target.dataset" : "target.folder", c.kind === "zfs" ? c.target.dataset : c.target.folder);
    for (const [id, v] of [["target.port", c.target.port], ["bandwidth_limit", c.bandwidth_limit],
        ["keep_target", c.keep_target], ["keep_source", c.keep_source]]) {
        if (!Number.isInteger(v) || v < 0)
            problems[id] = "a whole number, 0 or more";
    }
    return problems;
}
