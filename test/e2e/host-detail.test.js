// Host detail: an admin adds a host (a real sshd on 127.0.0.2) through the
// UI, sees bamsd's public key, tests the connection, accepts the host key,
// backs up now and watches the run reach done live; the snapshot then shows
// in the table. A viewer sees the same page with the buttons disabled.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { setup } = require("./harness.js");

const env = setup();

async function markWindow(page) {
    const frame = await (await page.$("iframe[name='cockpit1:localhost/bams']")).contentFrame();
    await frame.evaluate(() => { window.bamsNoReload = true });
    return () => frame.evaluate(() => window.bamsNoReload === true);
}

env.test("admin adds a host, accepts its key and backs it up live", async () => {
    const sshd = await env.startHost("127.0.0.2");
    const source = env.sourceTree("web1", { "etc/app.conf": "port = 80\n", "data/blob": "x".repeat(200000) });

    const ui = await env.login("bamst-admin", "/hosts");
    const { frame } = ui;
    const stillSamePage = await markWindow(ui.page);

    await frame.locator("[data-test=host-add]").click();
    const form = frame.locator("[data-test=host-form]");
    await form.locator("[data-test=host-field-name]").fill("web1");
    await form.locator("[data-test=host-field-address]").fill(sshd.address);
    await form.locator("[data-test=host-field-port]").fill(String(sshd.port));
    await form.locator("[data-test=host-field-paths]").fill(source);
    await form.locator("[data-test=host-save]").click();

    const detail = frame.locator("[data-test=host-detail][data-host=web1]");
    await detail.waitFor();
    const key = (await env.api("GET", "/api/v1/ssh/key")).body;
    assert.equal(await detail.locator("[data-test=public-key] input").inputValue(), key.public_key);
    assert.equal(await detail.locator("[data-test=backup-now]").isDisabled(), true,
                 "Back up now must wait for an accepted host key");

    await detail.locator("[data-test=host-test]").click();
    const keyRow = detail.locator("[data-test=host-keys] [data-fingerprint]").first();
    await keyRow.waitFor();
    const fingerprint = await keyRow.getAttribute("data-fingerprint");
    await keyRow.locator("[data-test=key-accept]").click();
    await detail.locator("[data-test=login-ok]").waitFor({ timeout: 15000 });
    await detail.locator(`[data-test=accepted-key]:has-text("${fingerprint}")`).waitFor();
    assert.equal((await env.api("GET", "/api/v1/hosts/web1")).body.host_key, fingerprint);
    await ui.shot("host-detail-connection");

    await detail.locator("[data-test=backup-now]").click();
    const run = detail.locator("[data-test=backup-run]");
    await run.waitFor();
    await detail.locator("[data-test=backup-run][data-state=succeeded]").waitFor({ timeout: 30000 });
    assert.equal(await run.locator("[data-test=task-progress]").getAttribute("data-percent"), "100");
    const taskId = await run.getAttribute("data-task-id");

    const snap = (await env.api("GET", "/api/v1/hosts/web1/snapshots")).body.snapshots[0];
    assert.equal(snap.task_id, taskId);
    const row = detail.locator(`[data-test=snapshots-table] tr[data-snapshot="${snap.name}"]`);
    await row.waitFor({ timeout: 5000 });
    assert.equal(await row.getAttribute("data-kind"), "manual");
    assert.equal(await row.getAttribute("data-state"), "complete");
    assert.ok(snap.total_bytes >= 200000, `snapshot size ${snap.total_bytes}`);
    assert.equal(await row.getAttribute("data-size"), String(snap.total_bytes));
    assert.match(await row.locator("[data-test=snapshot-size]").innerText(), /KiB/);
    await detail.locator(`[data-test=runs-table] tr[data-task-id="${taskId}"][data-state=succeeded]`).waitFor();
    assert.ok(await stillSamePage(), "the page reloaded");
    assert.match(await detail.locator("[data-test=snapshots-time-zone]").innerText(), /\S+/);
    await ui.shot("host-detail");

    // Filters live in the URL: a year with no snapshots shows none.
    await detail.locator("[data-test=snap-filter-kind]").selectOption("scheduled");
    await detail.locator("[data-test=snapshots-empty]").waitFor();
    assert.match(ui.page.url(), /kind=scheduled/);
    await detail.locator("[data-test=snap-filter-kind]").selectOption("");
    await row.waitFor();
});

env.test("a snapshot found on disk: a viewer may not mark it, an admin marks it complete", async () => {
    const name = "2020-01-01T00-00-00Z";
    const folder = path.join(env.backupRoot(), "web1", name);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(folder, "data"), "found\n");
    const found = await env.api("POST", "/api/v1/hosts/web1/snapshots/discover", {});
    assert.deepEqual(found.body.added, [name]);

    const viewer = await env.login("bamst-viewer", "/hosts/web1");
    const viewerRow = viewer.frame.locator(`[data-test=snapshots-table] tr[data-snapshot="${name}"]`);
    assert.equal(await viewerRow.getAttribute("data-state"), "unknown");
    assert.equal(await viewerRow.locator("[data-test=snapshot-mark]").getAttribute("data-denied-group"), "bams-admin");

    const ui = await env.login("bamst-admin", "/hosts/web1");
    const row = ui.frame.locator(`[data-test=snapshots-table] tr[data-snapshot="${name}"]`);
    await row.locator("[data-test=snapshot-mark]").click();
    const modal = ui.frame.locator("[data-test=mark-modal]");
    await modal.locator("[data-test=mark-kind-manual]").check();
    await ui.shot("snapshot-mark");
    await modal.locator("[data-test=mark-save]").click();
    await ui.frame.locator(`[data-test=snapshots-table] tr[data-snapshot="${name}"][data-state=complete]`).waitFor();
    assert.match(await row.locator("[data-test=snapshot-state]").innerText(), /marked/);
    assert.equal(await row.locator("[data-test=snapshot-mark]").count(), 0);
    const rec = (await env.api("GET", "/api/v1/hosts/web1/snapshots")).body.snapshots.find(s => s.name === name);
    assert.deepEqual([rec.state, rec.kind, rec.marked.by], ["complete", "manual", "bamst-admin"]);
    assert.equal(fs.readFileSync(path.join(folder, "data"), "utf8"), "found\n");
});

env.test("a viewer sees the host but may not back up, test, accept or edit", async () => {
    const ui = await env.login("bamst-viewer", "/hosts/web1");
    const detail = ui.frame.locator("[data-test=host-detail][data-host=web1]");
    await detail.locator("[data-test=snapshots-table]").waitFor();
    const backup = detail.locator("[data-test=backup-now]");
    assert.equal(await backup.getAttribute("data-denied-group"), "bams-operator");
    assert.equal(await backup.getAttribute("aria-disabled"), "true");
    await backup.hover();
    const reason = ui.frame.locator("[data-test=denied-reason]");
    await reason.waitFor();
    assert.match(await reason.innerText(), /bams-operator/);
    assert.equal(await detail.locator("[data-test=host-test]").getAttribute("data-denied-group"), "bams-operator");
    assert.equal(await detail.locator("[data-test=host-edit]").getAttribute("data-denied-group"), "bams-admin");
    assert.equal(await detail.locator("[data-test=host-delete]").getAttribute("data-denied-group"), "bams-admin");
});
