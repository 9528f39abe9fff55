// Snapshot browser, download, restore and protection: an admin backs up a
// host (a real sshd on 127.0.0.4), browses the snapshot down to a file,
// downloads it (the .tar.gz holds it), changes the file on the "host", sees
// a dry run list that change, restores for real and the file is back. The
// API's error shows at the field it names. Protect shows the pin. Viewers
// and operators see browsing disabled, naming bams-admin.
"use strict";

const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { setup } = require("./harness.js");

const env = setup();
const HOST = "snap1";
const MANY = 105; // more than a page of the browser (100)
let source;
const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt" in Latin-1
const ODD_DIR = Buffer.from([0x64, 0xff]);

// A path of raw bytes: folders as text, then names as Buffers.
const bytesPath = (...parts) => Buffer.concat(parts.map((p, i) => Buffer.concat([i ? Buffer.from("/") : Buffer.alloc(0), Buffer.from(p)])));

function sourceFiles() {
    const files = { "etc/app.conf": "port = 80\n", "www/index.html": "<h1>v1</h1>\n" };
    for (let i = 0; i < MANY; i++)
        files[`many/f${String(i).padStart(3, "0")}`] = `${i}\n`;
    return files;
}

async function addHost() {
    const sshd = await env.startHost("127.0.0.4");
    source = env.sourceTree(HOST, sourceFiles());
    // names that are not UTF-8: a Latin-1 file and a folder
    fs.writeFileSync(bytesPath(source, "www", LATIN1), "latin1\n");
    fs.mkdirSync(bytesPath(source, "www", ODD_DIR));
    fs.writeFileSync(bytesPath(source, "www", ODD_DIR, Buffer.from("inner.txt")), "inner\n");
    const created = await env.api("POST", "/api/v1/hosts",
                                  { name: HOST, address: sshd.address, port: sshd.port, paths: [source], enabled: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scan = (await env.api("POST", `/api/v1/hosts/${HOST}/test`, {})).body;
    const accepted = await env.api("POST", `/api/v1/hosts/${HOST}/hostkey`, { fingerprint: scan.keys[0].fingerprint });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
}

// Opens folder after folder by clicking names, as a user would.
async function openFolders(frame, folders) {
    for (const name of folders) {
        await frame.locator(`[data-test=file-row][data-name="${name}"] [data-test=file-open]`).click();
        await frame.locator(`[data-test=path-crumb][data-path$="/${name}"]`).waitFor();
    }
}

function untar(file) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bams-dl-"));
    execFileSync("tar", ["-xzf", file, "-C", dir]);
    return dir;
}

env.test("admin: back up, browse, download, dry run, restore", async () => {
    await addHost();
    const ui = await env.login("bamst-admin", `/hosts/${HOST}`);
    const { frame } = ui;
    await frame.locator("[data-test=backup-now]").click();
    await frame.locator("[data-test=backup-run][data-state=succeeded]").waitFor({ timeout: 30000 });
    const snap = (await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0];
    await frame.locator(`[data-test=runs-table] tr[data-task-id="${snap.task_id}"][data-kind=backup]`).waitFor();
    await frame.locator(`tr[data-snapshot="${snap.name}"] [data-test=snapshot-browse]`).click();

    // Browse down to etc/ through the host's full source path.
    await frame.locator(`[data-test=snapshot-browser][data-snapshot="${snap.name}"]`).waitFor();
    await openFolders(frame, [...source.split("/").filter(Boolean), "etc"]);
    const conf = frame.locator("[data-test=file-row][data-name='app.conf']");
    await conf.waitFor();
    assert.equal(await conf.getAttribute("data-type"), "file");
    assert.equal(await conf.locator("[data-test=file-size]").getAttribute("data-size"), "10");
    assert.equal(await conf.locator("[data-test=file-mode]").innerText(), "0644");
    assert.match(await conf.locator("[data-test=file-mtime] time").innerText(), /\d/);
    assert.match(await frame.locator("[data-test=files-table] th").nth(6).innerText(), /Modified \(\S+\)/);
    await ui.shot("snapshot-browser");

    // Download the file: the archive holds it under its own name.
    const [download] = await Promise.all([
        ui.page.waitForEvent("download"),
        conf.locator("[data-test=file-download]").click(),
    ]);
    assert.match(download.suggestedFilename(), /\.tar\.gz$/);
    const archive = path.join(os.tmpdir(), `bams-e2e-${process.pid}.tar.gz`);
    await download.saveAs(archive);
    const unpacked = untar(archive);
    assert.equal(fs.readFileSync(path.join(unpacked, "app.conf"), "utf8"), "port = 80\n");
    fs.rmSync(unpacked, { recursive: true });
    fs.rmSync(archive);

    // The file changes on the host; a dry run lists it and changes nothing.
    const onHost = path.join(source, "etc/app.conf");
    fs.writeFileSync(onHost, "port = 8080 # changed\n");
    await conf.locator("[data-test=file-select] input").check();
    await frame.locator("[data-test=selected-count][data-count='1']").waitFor();
    await frame.locator("[data-test=restore-open]").click();
    const modal = frame.locator("[data-test=restore-modal]");
    assert.match(await modal.locator("[data-test=restore-paths]").innerText(), /etc\/app\.conf/);
    assert.equal(await modal.locator("[data-test=restore-run]").isDisabled(), true, "Restore before a dry run");

    // The API's error shows at its field: a local folder outside the restore root,
    // which the dialog names.
    const restoreRoot = (await env.api("GET", "/api/v1/dashboard")).body.restore_root.path;
    assert.ok(restoreRoot && (await modal.innerText()).includes(`under its restore root ${restoreRoot}`), restoreRoot);
    await modal.locator("[data-test=restore-to-local]").check();
    await modal.locator("[data-test=restore-local-dir]").fill("../outside");
    await modal.locator("[data-test=restore-dry-run]").click();
    await modal.locator("[data-test=restore-error-to]").waitFor();
    assert.match(await modal.locator("[data-test=restore-error-to]").innerText(), /restore root/);
    await modal.locator("[data-test=restore-to-host]").check();

    await modal.locator("[data-test=restore-dry-run]").click();
    await modal.locator("[data-test=restore-task][data-dry-run='1'][data-state=succeeded]").waitFor({ timeout: 30000 });
    const change = modal.locator(`[data-test=restore-change][data-path="${onHost}"]`);
    await change.waitFor();
    assert.equal(await change.getAttribute("data-op"), "update");
    assert.equal(fs.readFileSync(onHost, "utf8"), "port = 8080 # changed\n", "a dry run changed the file");
    await ui.shot("restore-dry-run");

    await modal.locator("[data-test=restore-run]").click();
    const real = modal.locator("[data-test=restore-task][data-dry-run='0'][data-state=succeeded]");
    await real.waitFor({ timeout: 30000 });
    assert.equal(await real.locator("[data-test=task-progress]").getAttribute("data-percent"), "100");
    assert.equal(fs.readFileSync(onHost, "utf8"), "port = 80\n");
    await ui.shot("restore-done");
    await modal.locator("[data-test=restore-close]").click();

    // A folder bigger than a page: the rest comes with "Show more".
    await frame.locator(`[data-test=path-crumb][data-path="${source}"] a`).click();
    await openFolders(frame, ["many"]);
    await frame.locator("[data-test=files-more]").click();
    await frame.locator(`[data-test=file-row][data-name="f${MANY - 1}"]`).waitFor();
    assert.equal(await frame.locator("[data-test=file-row]").count(), MANY);
    assert.equal(await frame.locator("[data-test=files-more]").count(), 0);
});

env.test("admin: names that are not UTF-8 are browsed, downloaded and restored by their bytes", async () => {
    const snap = (await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0];
    const www = `${source}/www`;
    const ui = await env.login("bamst-admin", `/hosts/${HOST}/snapshots/${snap.name}?path=${encodeURIComponent(www)}`);
    const { frame } = ui;
    const row = frame.locator("[data-test=file-row][data-name='caf\uFFFD.txt']");
    await row.locator("[data-test=file-name-bytes]").waitFor();

    // the archive holds the file under its exact bytes
    const [download] = await Promise.all([ui.page.waitForEvent("download"), row.locator("[data-test=file-download]").click()]);
    const archive = path.join(os.tmpdir(), `bams-e2e-${process.pid}-latin1.tar.gz`);
    await download.saveAs(archive);
    const unpacked = untar(archive);
    assert.deepEqual(fs.readdirSync(unpacked, { encoding: "buffer" }), [LATIN1]);
    fs.rmSync(unpacked, { recursive: true });
    fs.rmSync(archive);

    // into the folder whose name is not UTF-8, and back
    await frame.locator("[data-test=file-row][data-name='d\uFFFD'] [data-test=file-open]").click();
    await frame.locator(`[data-test=path-crumb][data-path="${www}/d\uFFFD"]`).waitFor();
    await frame.locator("[data-test=file-row][data-name='inner.txt']").waitFor();
    await frame.locator(`[data-test=path-crumb][data-path="${www}"] a`).click();

    // the file is lost on the host; restoring it by name brings it back
    const onHost = bytesPath(www, LATIN1);
    fs.rmSync(onHost);
    await row.locator("[data-test=file-select] input").check();
    await frame.locator("[data-test=restore-open]").click();
    const modal = frame.locator("[data-test=restore-modal]");
    await modal.locator("[data-test=restore-dry-run]").click();
    await modal.locator("[data-test=restore-task][data-dry-run='1'][data-state=succeeded]").waitFor({ timeout: 30000 });
    await modal.locator("[data-test=restore-run]").click();
    await modal.locator("[data-test=restore-task][data-dry-run='0'][data-state=succeeded]").waitFor({ timeout: 30000 });
    assert.equal(fs.readFileSync(onHost, "utf8"), "latin1\n");
});

env.test("admin: protect shows the pin with who and why; unprotect removes it", async () => {
    const snap = (await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0];
    const ui = await env.login("bamst-admin", `/hosts/${HOST}`);
    const row = ui.frame.locator(`[data-test=snapshots-table] tr[data-snapshot="${snap.name}"]`);
    await row.locator("[data-test=snapshot-protect]").click();
    await ui.frame.locator("[data-test=protect-why]").fill("before the upgrade");
    await ui.frame.locator("[data-test=protect-save]").click();
    const pin = row.locator("[data-test=snapshot-pin][data-by=bamst-admin]");
    await pin.waitFor();
    assert.equal(await pin.locator("[data-test=snapshot-pin-why]").innerText(), "before the upgrade");
    const rec = (await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0];
    assert.deepEqual([rec.protected.by, rec.protected.why], ["bamst-admin", "before the upgrade"]);
    await ui.shot("snapshot-protected");

    await row.locator("[data-test=snapshot-unprotect]").click();
    await pin.waitFor({ state: "detached" });
    assert.equal((await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0].protected, undefined);
});

for (const user of ["bamst-viewer", "bamst-operator"]) {
    env.test(`${user}: browse and protect are disabled, naming bams-admin`, async () => {
        const snap = (await env.api("GET", `/api/v1/hosts/${HOST}/snapshots`)).body.snapshots[0];
        const ui = await env.login(user, `/hosts/${HOST}`);
        const row = ui.frame.locator(`[data-test=snapshots-table] tr[data-snapshot="${snap.name}"]`);
        const browse = row.locator("[data-test=snapshot-browse]");
        assert.equal(await browse.getAttribute("data-denied-group"), "bams-admin");
        assert.equal(await browse.getAttribute("aria-disabled"), "true");
        assert.equal(await row.locator("[data-test=snapshot-protect]").getAttribute("data-denied-group"), "bams-admin");
        await browse.hover();
        assert.match(await ui.frame.locator("[data-test=denied-reason]").innerText(), /bams-admin/);

        // The browser's own address says the same instead of failing.
        await ui.frame.locator("body").evaluate((_b, hash) => { window.location.hash = hash }, `#/hosts/${HOST}/snapshots/${snap.name}`);
        const denied = ui.frame.locator("[data-test=browse-denied]");
        await denied.waitFor();
        assert.match(await denied.innerText(), /bams-admin/);
    });
}
