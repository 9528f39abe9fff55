// The Snapshot tasks page against a real bamsd and a real btrfs on a loop
// device: an admin creates a btrfs task in the form (a bad schedule is
// refused at its field), runs it now (followed to its end), and on its
// plan page sees its own snapshots with reasons beside the snapshots it
// does not own, then applies a plan after editing the policy; a snapshot
// made by hand and one of another owner survive everything; a viewer
// only reads.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { after, before } = require("node:test");
const { setup } = require("./harness.js");

const env = setup();
const disk = { dir: null, loop: null, mnt: null };
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

before(() => {
    if (env.skipReason)
        return;
    disk.dir = fs.mkdtempSync(path.join(os.tmpdir(), "bams-e2e-snaptasks-"));
    const file = path.join(disk.dir, "disk.img");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 256 << 20);
    disk.loop = execFileSync("losetup", ["--find", "--show", file], { encoding: "utf8" }).trim();
    execFileSync("mkfs.btrfs", ["-q", disk.loop]);
    disk.mnt = path.join(disk.dir, "mnt");
    fs.mkdirSync(disk.mnt);
    execFileSync("mount", ["-t", "btrfs", disk.loop, disk.mnt]);
    disk.subvol = path.join(disk.mnt, "backups");
    execFileSync("btrfs", ["subvolume", "create", disk.subvol]);
    fs.writeFileSync(path.join(disk.subvol, "data"), "v1");
    // made by hand, and one of another owner in its owner's folder
    execFileSync("btrfs", ["subvolume", "snapshot", "-r", disk.subvol, path.join(disk.mnt, "by-hand")]);
    const other = path.join(disk.subvol, ".bams-snapshots", "snaptask:other");
    fs.mkdirSync(other, { recursive: true });
    execFileSync("btrfs", ["subvolume", "snapshot", "-r", disk.subvol, path.join(other, "other-1")]);
});

after(() => {
    if (disk.mnt && fs.existsSync(disk.mnt))
        execFileSync("umount", [disk.mnt]);
    if (disk.loop)
        execFileSync("losetup", ["--detach", disk.loop]);
    if (disk.dir)
        fs.rmSync(disk.dir, { recursive: true, force: true });
});

const ownSnapshots = () => {
    const dir = path.join(disk.subvol, ".bams-snapshots", "snaptask:e2e");
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

const survivors = () => {
    assert.ok(fs.existsSync(path.join(disk.mnt, "by-hand", "data")), "the hand-made snapshot survives");
    assert.ok(fs.existsSync(path.join(disk.subvol, ".bams-snapshots", "snaptask:other", "other-1", "data")),
              "another owner's snapshot survives");
};

async function setField(form, id, value) {
    await form.locator(`[data-test=snaptask-field-${id}]`).fill(value);
}

env.test("an admin creates a btrfs snapshot task, runs it, reads its plan and applies one", async () => {
    const ui = await env.login("bamst-admin", "/snaptasks");
    const { frame } = ui;
    await frame.locator("[data-test=snaptasks-table]").waitFor();
    await frame.locator("[data-test=snaptask-create]").click();
    const form = frame.locator("[data-test=snaptask-form]");
    await setField(form, "name", "e2e");
    await form.locator("[data-test=snaptask-field-kind]").selectOption("btrfs");
    await setField(form, "target", disk.subvol);
    await setField(form, "naming", "e2e-%Y%m%d%H%M%S");
    for (const [id, v] of [["keep_last", "2"], ["keep_hourly", "0"], ["keep_daily", "0"], ["minimum", "1"]])
        await setField(form, id, v);
    await setField(form, "cron", "every hour");
    await frame.locator("[data-test=snaptask-save]").click();
    await form.locator("[data-test=snaptask-problem-cron]").waitFor();
    assert.match(await form.locator("[data-test=snaptask-problem-cron]").innerText(), /not a cron expression/);
    await setField(form, "cron", "@hourly");
    await frame.locator("[data-test=snaptask-save]").click();
    const row = frame.locator("tr[data-snaptask=e2e]");
    await row.waitFor();
    await ui.shot("snaptasks-list");

    await row.locator("[data-test=snaptask-run]").click();
    await row.locator("[data-test=snaptask-run-task][data-state=succeeded]").waitFor({ timeout: 20000 });
    assert.equal(ownSnapshots().length, 1, "run now took one snapshot");
    for (let i = 0; i < 2; i++) { // two more, a second apart (the names hold seconds)
        await sleep(1100);
        const run = await env.api("POST", "/api/v1/snaptasks/e2e/run");
        assert.equal(run.status, 202, JSON.stringify(run.body));
        assert.equal((await env.waitForTask(run.body.id)).state, "succeeded");
    }
    assert.equal(ownSnapshots().length, 2, "the third run pruned the oldest (keep last 2)");
    survivors();

    // keep last 1: the plan deletes one, with its reason, and lists what is not the task's
    const edited = await env.api("PUT", "/api/v1/snaptasks/e2e", { retention: { keep_last: 1 } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.naming, "e2e-%Y%m%d%H%M%S", "PUT kept the fields it did not name");
    await row.locator("[data-test=snaptask-plan-link]").click();
    const page = frame.locator("[data-test=snaptask-plan-page]");
    await page.locator("[data-test=plan-summary][data-delete='1']").waitFor();
    const [older, newer] = ownSnapshots();
    assert.equal(await page.locator(`tr[data-snapshot=${older}]`).getAttribute("data-action"), "delete");
    assert.match(await page.locator(`tr[data-snapshot=${older}] [data-test=plan-reasons]`).innerText(), /no rule keeps it/);
    assert.equal(await page.locator(`tr[data-snapshot=${newer}]`).getAttribute("data-action"), "keep");
    assert.match(await page.locator("[data-test=plan-not-owned]").innerText(), /owned by snaptask:other/);
    await ui.shot("snaptask-plan");
    await page.locator("[data-test=retention-apply]").click();
    await frame.locator("[data-test=retention-confirm-apply]").click();
    await page.locator("[data-test=retention-task][data-state=succeeded]").waitFor({ timeout: 20000 });
    await page.locator("[data-test=plan-summary][data-delete='0']").waitFor();
    assert.deepEqual(ownSnapshots(), [newer]);
    survivors();

    const audit = (await env.api("GET", "/api/v1/audit?action=org.bams.manage&limit=50")).body;
    assert.ok(audit.records.some(r => r.path === `/api/v1/snaptasks/e2e/snapshots/${older}` && r.params?.by === "snapshot task apply"),
              "the deleted snapshot has its audit record");
    assert.deepEqual(ui.problems().filter(p => !/\b400\b/.test(p)), [], "only the refused create failed");
});

env.test("a viewer sees the snapshot tasks and plans but may not change or run them", async () => {
    const ui = await env.login("bamst-viewer", "/snaptasks");
    const { frame } = ui;
    const row = frame.locator("tr[data-snaptask=e2e]");
    await row.waitFor();
    assert.equal(await frame.locator("[data-test=snaptask-create]").getAttribute("data-denied-group"), "bams-admin");
    assert.equal(await row.locator("[data-test=snaptask-run]").getAttribute("data-denied-group"), "bams-operator");
    assert.equal(await row.locator("[data-test=snaptask-delete]").getAttribute("aria-disabled"), "true");
    await row.locator("[data-test=snaptask-plan-link]").click();
    await frame.locator("[data-test=snaptask-plan-page] [data-test=plan-table]").waitFor();
    assert.equal(await frame.locator("[data-test=retention-apply]").count(), 0, "no apply without org.bams.manage");
});
