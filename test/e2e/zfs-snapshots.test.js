// The Snapshots page against the fake ZFS of the Go tests (storage-stack.js;
// ZFS cannot run here): a snapshot made by hand shows without an owner
// beside BAMS's, one taken on the page is "manual", a held one's destroy is
// refused naming the hold, and the rollback dialog lists exactly the newer
// snapshots it destroys and wants the dataset's name.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { setup } = require("./harness.js");

const env = setup({ storage: true });

// seed puts snapshots straight into the fake's state, as zfs would list
// ones made outside BAMS (a foreign one has no bams:owner).
function seed(snaps) {
    const file = path.join(env.storage.dir, "fakezfs-state.json");
    const st = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const [name, { creation, owner, holds }] of Object.entries(snaps)) {
        st.Datasets[name] = { Type: "snapshot", Creation: creation, Props: owner ? { "bams:owner": owner } : {} };
        if (holds)
            st.Holds[name] = holds;
    }
    fs.writeFileSync(file, JSON.stringify(st));
}

env.test("an admin sees owners, takes, holds, releases, is refused a held destroy and rolls back naming what goes", async () => {
    const { zfs } = env.storage.loops;
    assert.equal((await env.api("POST", "/api/v1/disk/pools", { name: "snaps", data: [{ devices: [zfs] }] })).status, 201);
    assert.equal((await env.api("POST", "/api/v1/disk/datasets", { name: "snaps/data" })).status, 201);
    seed({
        "snaps/data@byhand": { creation: 100 },
        "snaps/data@hourly1": { creation: 200, owner: "snaptask:hourly", holds: ["keep"] },
    });

    const ui = await env.login("bamst-admin", "/snapshots?dataset=snaps/data");
    const { frame } = ui;
    const table = frame.locator("[data-test=zfs-snapshots-table]");
    const row = name => table.locator(`tr[data-snapshot='${name}']`);
    await row("snaps/data@byhand").locator("[data-test=snapshot-owner][data-owner='']").waitFor();
    await row("snaps/data@hourly1").locator("[data-test=snapshot-owner][data-owner='snaptask:hourly']").waitFor();
    assert.equal(await row("snaps/data@hourly1").locator("[data-test=snapshot-holds]").innerText(), "1");

    await frame.locator("[data-test=snapshot-create]").click();
    const form = frame.locator("[data-test=snapshot-form]");
    await form.locator("[data-test=snapshot-form-field-name]").fill("mine");
    await form.locator("[data-test=snapshot-form-submit]").click();
    await row("snaps/data@mine").locator("[data-test=snapshot-owner][data-owner=manual]").waitFor();

    // a held snapshot: the destroy is refused in the dialog, naming the tag
    await row("snaps/data@hourly1").locator("[data-test=snapshot-destroy]").click();
    const destroy = frame.locator("[data-test=snapshot-destroy-modal]");
    await destroy.locator("[data-test=snapshot-destroy-modal-field-confirm]").fill("snaps/data@hourly1");
    await destroy.locator("[data-test=snapshot-destroy-modal-confirm]").click();
    await destroy.locator("[data-test=api-error][data-kind=conflict]", { hasText: "keep" }).waitFor();
    await ui.shot("snapshots-destroy-refused");
    await destroy.locator("button", { hasText: "Cancel" }).click();
    assert.ok(env.storage.zfsState().Datasets["snaps/data@hourly1"], "the held snapshot is still there");

    // the rollback preview names the hold; after a release it lists what goes
    await row("snaps/data@byhand").locator("[data-test=snapshot-rollback]").click();
    let rollback = frame.locator("[data-test=rollback-modal]");
    await rollback.locator("[data-test=rollback-held]", { hasText: "snaps/data@hourly1 keep" }).waitFor();
    await rollback.locator("button", { hasText: "Cancel" }).click();
    await row("snaps/data@hourly1").locator("[data-test=snapshot-release]").click();
    const hold = frame.locator("[data-test=hold-form]");
    await hold.locator("[data-test=hold-form-field-tag]").fill("keep");
    await hold.locator("[data-test=hold-form-submit]").click();
    await row("snaps/data@hourly1").locator("[data-test=snapshot-holds]", { hasText: "0" }).waitFor();

    await row("snaps/data@byhand").locator("[data-test=snapshot-rollback]").click();
    rollback = frame.locator("[data-test=rollback-modal]");
    await rollback.locator("[data-test=rollback-lost]").waitFor();
    const lost = await rollback.locator("[data-test=rollback-lost-item]").evaluateAll(items => items.map(i => i.dataset.name));
    assert.deepEqual(lost, ["snaps/data@hourly1", "snaps/data@mine"]);
    await ui.shot("snapshots-rollback");
    await rollback.locator("[data-test=rollback-modal-field-confirm]").fill("snaps/data");
    await rollback.locator("[data-test=rollback-modal-confirm]").click();
    await row("snaps/data@mine").waitFor({ state: "detached" });
    const left = Object.keys(env.storage.zfsState().Datasets).filter(n => n.startsWith("snaps/data@"));
    assert.deepEqual(left, ["snaps/data@byhand"]);
    assert.deepEqual(ui.problems().filter(p => !/409 Conflict: DELETE \/api\/v1\/zfs\/snapshots\/snaps%2Fdata%40hourly1\?/.test(p)), [], "only the held destroy was refused");
    await ui.close();
});

env.test("an admin takes a btrfs snapshot of a subvolume (owner manual) and deletes it with its path typed", async () => {
    const { btrfs } = env.storage.loops;
    const mnt = path.join(env.storage.dir, "snapfs");
    const fsys = await env.api("POST", "/api/v1/disk/btrfs", { devices: [btrfs], label: "snapfs", mountpoint: mnt });
    assert.equal(fsys.status, 201, JSON.stringify(fsys.body));
    const data = path.join(mnt, "data");
    assert.equal((await env.api("POST", `/api/v1/disk/btrfs/${fsys.body.uuid}/subvolumes`, { path: data })).status, 201);

    const ui = await env.login("bamst-admin", `/snapshots/btrfs?subvolume=${encodeURIComponent(data)}`);
    const { frame } = ui;
    await frame.locator("[data-test=btrfs-snapshots-table]").waitFor();
    await frame.locator("[data-test=btrfs-snapshot-create]").click();
    const form = frame.locator("[data-test=btrfs-snapshot-form]");
    await form.locator("[data-test=btrfs-snapshot-form-field-name]").fill("before-upgrade");
    await form.locator("[data-test=btrfs-snapshot-form-submit]").click();
    const snap = path.join(data, ".bams-snapshots", "manual", "before-upgrade");
    const row = frame.locator(`[data-test=btrfs-snapshots-table] tr[data-snapshot='${snap}']`);
    await row.locator("[data-test=snapshot-owner][data-owner=manual]").waitFor();
    assert.ok(fs.existsSync(snap));
    await ui.shot("snapshots-btrfs");

    await row.locator("[data-test=btrfs-snapshot-delete]").click();
    const modal = frame.locator("[data-test=btrfs-snapshot-delete-modal]");
    assert.equal(await modal.locator("[data-test=btrfs-snapshot-delete-modal-confirm]").isDisabled(), true, "nothing typed: nothing to confirm");
    await modal.locator("[data-test=btrfs-snapshot-delete-modal-field-confirm]").fill(snap);
    await modal.locator("[data-test=btrfs-snapshot-delete-modal-confirm]").click();
    await row.waitFor({ state: "detached" });
    assert.equal(fs.existsSync(snap), false);
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});

env.test("a viewer sees snapshots but may change nothing", async () => {
    const ui = await env.login("bamst-viewer", "/snapshots?dataset=snaps/data");
    const { frame } = ui;
    await frame.locator("[data-test=zfs-snapshots-table] tr[data-snapshot='snaps/data@byhand']").waitFor();
    await frame.locator("[data-test=snapshot-create][data-denied-group=bams-operator]").waitFor();
    await frame.locator("[data-test=snapshot-destroy][data-denied-group=bams-admin]").first().waitFor();
    await frame.locator("[data-test=snapshot-rollback][data-denied-group=bams-admin]").first().waitFor();
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});
