// The Repositories page against a real bamsd and a real btrfs on a loop
// device: an admin creates a folder and a btrfs-subvolume repository in
// the wizard (each a task followed to its end), sees a host in the used-by
// column, is refused deleting a repository in use (naming the host), and
// deletes one holding files after typing its name; a viewer only reads.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { after, before } = require("node:test");
const { setup } = require("./harness.js");

const env = setup();

// The loop-device btrfs, made here and undone in after(): a sparse file,
// its loop device, the filesystem, the mount.
const disk = { dir: null, loop: null, mnt: null };

before(() => {
    if (env.skipReason)
        return;
    disk.dir = fs.mkdtempSync(path.join(os.tmpdir(), "bams-e2e-btrfs-"));
    const file = path.join(disk.dir, "disk.img");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 256 << 20);
    disk.loop = execFileSync("losetup", ["--find", "--show", file], { encoding: "utf8" }).trim();
    execFileSync("mkfs.btrfs", ["-q", "-L", "bamse2e", disk.loop]);
    disk.mnt = path.join(disk.dir, "mnt");
    fs.mkdirSync(disk.mnt);
    execFileSync("mount", ["-t", "btrfs", disk.loop, disk.mnt]);
});

after(() => {
    if (disk.mnt && fs.existsSync(disk.mnt))
        execFileSync("umount", [disk.mnt]);
    if (disk.loop)
        execFileSync("losetup", ["--detach", disk.loop]);
    if (disk.dir)
        fs.rmSync(disk.dir, { recursive: true, force: true });
});

async function createInWizard(frame, kind, name, repoPath) {
    await frame.locator("[data-test=repo-create]").click();
    const wizard = frame.locator("[data-test=repo-wizard]");
    await wizard.locator(`[data-test=repo-kind-${kind}]`).check();
    await wizard.locator("[data-test=repo-next]").click();
    await wizard.locator("[data-test=repo-field-name]").fill(name);
    await wizard.locator("[data-test=repo-field-path]").fill(repoPath);
    await wizard.locator("[data-test=repo-save]").click();
}

env.test("an admin creates a folder and a btrfs-subvolume repository in the wizard", async () => {
    const ui = await env.login("bamst-admin", "/repositories");
    const { frame } = ui;
    await frame.locator("[data-test=repos-table] tr[data-repo=default]").waitFor();
    assert.equal(await frame.locator("tr[data-repo=default] [data-test=repo-delete]").count(), 0, "the default repository cannot be deleted");

    // A folder that does not exist: the API's refusal shows at the path.
    await createInWizard(frame, "folder", "plain", path.join(disk.dir, "nope"));
    await frame.locator("[data-test=repo-problem-path]").waitFor();
    assert.match(await frame.locator("[data-test=repo-problem-path]").innerText(), /not an existing folder/);
    await ui.shot("repositories-wizard-refused");
    const plain = path.join(disk.mnt, "plain");
    fs.mkdirSync(plain);
    await frame.locator("[data-test=repo-field-path]").fill(plain);
    await frame.locator("[data-test=repo-save]").click();
    await frame.locator("[data-test=repo-task] [data-test=task-state][data-state=succeeded]").waitFor({ timeout: 20000 });
    await frame.locator("[data-test=repo-task-close]").click();
    await frame.locator("tr[data-repo=plain]").waitFor();

    await createInWizard(frame, "btrfs-subvol", "fast", path.join(disk.mnt, "fast"));
    await frame.locator("[data-test=repo-task] [data-test=task-state][data-state=succeeded]").waitFor({ timeout: 20000 });
    await frame.locator("[data-test=repo-task-close]").click();
    const row = frame.locator("tr[data-repo=fast]");
    await row.waitFor();
    assert.equal(await row.locator("[data-test=repo-health]").innerText(), "online");
    assert.ok(fs.statSync(path.join(disk.mnt, "fast")).isDirectory());
    execFileSync("btrfs", ["subvolume", "show", path.join(disk.mnt, "fast")]);
    await ui.shot("repositories-list");
    assert.deepEqual(ui.problems().filter(p => !/\b400\b/.test(p)), [], "only the refused create failed");
});

env.test("a repository in use is refused naming its host; one holding files goes once its name is typed", async () => {
    const created = await env.api("POST", "/api/v1/hosts", { name: "web9", address: "127.0.0.2", paths: ["/srv"], repository: "fast" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ui = await env.login("bamst-admin", "/repositories");
    const { frame } = ui;
    const row = frame.locator("tr[data-repo=fast]");
    await row.waitFor();
    assert.equal(await row.locator("[data-test=repo-used-by]").innerText(), "host web9");
    await row.locator("[data-test=repo-delete]").click();
    const modal = frame.locator("[data-test=repo-delete-modal]");
    assert.match(await modal.locator("[data-test=repo-delete-refused]").innerText(), /host web9/);
    assert.equal(await modal.locator("[data-test=repo-delete-confirm]").count(), 0);
    await ui.shot("repositories-delete-refused");
    await modal.getByRole("button", { name: "Cancel" }).click();

    assert.equal((await env.api("DELETE", "/api/v1/hosts/web9")).status, 200);
    fs.mkdirSync(path.join(disk.mnt, "fast", "web9"));
    fs.writeFileSync(path.join(disk.mnt, "fast", "web9", "data"), "x".repeat(4096));
    await ui.visit("/hosts");
    await ui.visit("/repositories");
    await frame.locator("tr[data-repo=fast] [data-test=repo-used-by]", { hasText: "-" }).waitFor();
    await frame.locator("tr[data-repo=fast] [data-test=repo-delete]").click();
    assert.match(await modal.locator("[data-test=repo-delete-lost]").innerText(), /btrfs subvolume .*fast is destroyed/);
    const confirm = modal.locator("[data-test=repo-delete-confirm]");
    await modal.locator("[data-test=repo-delete-name]").fill("fas");
    assert.equal(await confirm.isDisabled(), true, "a wrong name deletes nothing");
    await modal.locator("[data-test=repo-delete-name]").fill("fast");
    await ui.shot("repositories-delete-typed");
    await confirm.click();
    await frame.locator("tr[data-repo=fast]").waitFor({ state: "detached" });
    assert.equal(fs.existsSync(path.join(disk.mnt, "fast")), false, "the subvolume is gone");

    const audit = (await env.api("GET", "/api/v1/audit?action=org.bams.manage&limit=20")).body;
    assert.ok(audit.records.some(r => r.method === "DELETE" && r.path === "/api/v1/disk/repositories/fast" && r.result === "ok"),
              "the delete is audited");
});

env.test("a viewer sees the repositories but may not create or delete one", async () => {
    const ui = await env.login("bamst-viewer", "/repositories");
    const { frame } = ui;
    await frame.locator("tr[data-repo=plain]").waitFor();
    const create = frame.locator("[data-test=repo-create]");
    assert.equal(await create.getAttribute("aria-disabled"), "true");
    assert.equal(await create.getAttribute("data-denied-group"), "bams-admin");
    assert.equal(await frame.locator("tr[data-repo=plain] [data-test=repo-delete]").getAttribute("aria-disabled"), "true");
});
