// The replication form's fields become the API's configuration, with the
// kind deciding which target field is sent; what can be told early is.
import { test } from "node:test";
import assert from "node:assert/strict";

import { toConfig, toFields, validate } from "../src/pages/replication/replicationForm.js";

test("a zfs task's fields are its configuration, and back", () => {
    const f = { ...toFields(null), name: " offsite ", source: "tank/web", recursive: true, "target.address": "192.0.2.7",
        "target.user": "bams", "target.dataset": "backup/web", "target.folder": "/left/over", keep_target: "48" };
    const c = toConfig(f);
    assert.deepEqual(c, { name: "offsite", kind: "zfs", source: "tank/web", recursive: true,
        target: { address: "192.0.2.7", port: 0, user: "bams", dataset: "backup/web", folder: "" },
        cron: "", enabled: true, bandwidth_limit: 0, keep_target: 48, keep_source: 0 });
    assert.deepEqual(validate(c), {});
    assert.equal(toFields(c)["target.dataset"], "backup/web");
});

test("a btrfs task sends its folder, never recursive", () => {
    const c = toConfig({ ...toFields(null), kind: "btrfs", name: "dr", source: "/srv/a", recursive: true,
        "target.address": "dr", "target.user": "bams", "target.dataset": "x/y", "target.folder": "/srv/dr" });
    assert.equal(c.recursive, false);
    assert.deepEqual(c.target, { address: "dr", port: 0, user: "bams", dataset: "", folder: "/srv/dr" });
});

test("missing and bad fields are named by the API's field names", () => {
    const c = toConfig({ ...toFields(null), keep_target: "-1", "target.port": "22.5" });
    assert.deepEqual(Object.keys(validate(c)).sort(),
        ["keep_target", "name", "source", "target.address", "target.dataset", "target.port", "target.user"]);
});
