// Retention plan page: three real backups of a host (a real sshd), a host
// policy that keeps the last one. The plan keeps the newest and its base
// with their reasons and deletes the oldest; a bad kind in the URL says so;
// the policy editor previews a draft; a viewer sees no Apply; an admin
// applies after a confirmation and the deleted snapshot leaves the table.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();
let snaps; // newest first

async function backedUpHost() {
    const sshd = await env.startHost("127.0.0.3");
    const source = env.sourceTree("ret1", { "a.txt": "one\n" });
    const created = await env.api("POST", "/api/v1/hosts",
                                  { name: "ret1", address: sshd.address, port: sshd.port, paths: [source], enabled: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scan = (await env.api("POST", "/api/v1/hosts/ret1/test", {})).body;
    const accepted = await env.api("POST", "/api/v1/hosts/ret1/hostkey", { fingerprint: scan.keys[0].fingerprint });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    for (let i = 0; i < 3; i++) {
        env.sourceTree("ret1", { [`run${i}.txt`]: `run ${i}\n` });
        const run = await env.api("POST", "/api/v1/hosts/ret1/backup", {});
        assert.equal(run.status, 202, JSON.stringify(run.body));
        assert.equal((await env.waitForTask(run.body.id)).state, "succeeded");
        await new Promise(resolve => setTimeout(resolve, 1000)); // snapshot names are whole seconds
    }
    const policy = await env.api("PUT", "/api/v1/hosts/ret1/retention/policy", { keep_last: 1, minimum: 1, kinds: "all" });
    assert.equal(policy.status, 200, JSON.stringify(policy.body));
    snaps = (await env.api("GET", "/api/v1/hosts/ret1/snapshots")).body.snapshots.map(s => s.name);
    assert.equal(snaps.length, 3);
}

const row = (frame, name) => frame.locator(`[data-test=plan-table] tr[data-snapshot="${name}"]`);

env.test("viewer: plan with reasons, bad kind message, draft preview, no Apply", async () => {
    await backedUpHost();
    const ui = await env.login("bamst-viewer", "/hosts/ret1/retention?kind=bogus");
    const { frame } = ui;
    await frame.locator("[data-test=kind-invalid]").waitFor();
    assert.match(await frame.locator("[data-test=kind-invalid]").innerText(), /bogus/);
    assert.equal(await frame.locator("[data-test=plan-table]").count(), 0);

    await frame.locator("[data-test=plan-kind]").selectOption("all");
    await row(frame, snaps[2]).waitFor();
    assert.match(ui.page.url(), /kind=all/);
    assert.equal(await row(frame, snaps[0]).getAttribute("data-action"), "keep");
    assert.equal(await row(frame, snaps[1]).getAttribute("data-action"), "keep");
    assert.match(await row(frame, snaps[1]).locator("[data-test=plan-reasons]").innerText(), /base of the newest/);
    assert.equal(await row(frame, snaps[2]).getAttribute("data-action"), "delete");
    assert.equal(await frame.locator("[data-test=retention-apply]").count(), 0);
    assert.equal(await frame.locator("[data-test=measure-space-start]").getAttribute("data-denied-group"), "bams-operator");
    await ui.shot("retention-plan-viewer");
});

env.test("admin: draft preview, then apply after confirmation; the snapshot leaves the table", async () => {
    const ui = await env.login("bamst-admin", "/hosts/ret1/retention?kind=all");
    const { frame } = ui;
    await row(frame, snaps[2]).waitFor();

    // A draft keeping the last 3 deletes nothing; nothing is saved.
    await frame.locator("[data-test=policy-keep_last]").fill("3");
    await frame.locator("[data-test=plan-summary][data-delete='0']").waitFor();
    assert.equal(await row(frame, snaps[2]).getAttribute("data-action"), "keep");
    assert.equal(await frame.locator("[data-test=retention-apply]").isDisabled(), true);
    assert.equal((await env.api("GET", "/api/v1/hosts/ret1/retention/policy")).body.policy.keep_last, 1);
    await frame.locator("[data-test=policy-keep_last]").fill("1");
    await frame.locator(`[data-test=plan-table] tr[data-snapshot="${snaps[2]}"][data-action=delete]`).waitFor();

    // The estimate's exact counterpart, measured on disk by a task.
    await frame.locator("[data-test=measure-space-start]").click();
    const measured = frame.locator("[data-test=measure-space][data-state=succeeded] [data-test=measure-space-result]");
    await measured.waitFor({ timeout: 30000 });
    assert.ok(Number(await measured.getAttribute("data-bytes")) > 0);
    assert.match(await measured.innerText(), /Exactly .* freed by deleting 1 snapshots/);
    await ui.shot("retention-plan");

    await frame.locator("[data-test=retention-apply]").click();
    const confirm = frame.locator("[data-test=retention-confirm]");
    assert.match(await confirm.locator("[data-test=confirm-count]").innerText(), /^1 /);
    assert.match(await confirm.locator("[data-test=confirm-limit]").innerText(), /10/);
    await confirm.locator("[data-test=retention-confirm-apply]").click();
    await frame.locator("[data-test=retention-task][data-state=succeeded]").waitFor({ timeout: 30000 });
    await row(frame, snaps[2]).waitFor({ state: "detached" });
    await row(frame, snaps[0]).waitFor();
    const left = (await env.api("GET", "/api/v1/hosts/ret1/snapshots")).body.snapshots.map(s => s.name);
    assert.deepEqual(left, snaps.slice(0, 2));
});
