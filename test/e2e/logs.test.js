// Logs: bamsd reads the Bacula director's log file (journald is off, as
// where no systemd runs). A viewer sees its lines with the password
// redacted, narrows them by level and text, and following shows a line
// appended while the page is open; bamsctl reads the same. An admin
// downloads the diagnostics bundle: the log is in it, its secrets not.
"use strict";

const assert = require("node:assert/strict");
const { after } = require("node:test");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { setup } = require("./harness.js");

const LOG = path.join(os.tmpdir(), `bams-e2e-bacula-${process.pid}.log`);
fs.writeFileSync(LOG, [
    "02-Dec 01:00 bacula-dir JobId 1: Start Backup JobId 1, Job=Nightly.2026-12-02_01.00.00_03",
    "02-Dec 01:05 bacula-dir JobId 1: Error: bsock.c:274 Unable to connect to Client: bams-fd",
    "02-Dec 01:06 bacula-dir: Warning: Director Password = \"e2e-dir-secret\" in a message",
    "",
].join("\n"));
after(() => fs.rmSync(LOG, { force: true }));

const env = setup({ prepare: async () => ["logs:", "  journal: off", "  bacula_dir:", "    unit: bacula-director.service", `    file: ${LOG}`] });

env.test("a viewer reads and follows the director's log, redacted", async () => {
    const ui = await env.login("bamst-viewer", "/logs?service=bacula-dir");
    const { frame } = ui;
    const entries = frame.locator("[data-test=log-entries]");
    await entries.waitFor();
    const shown = await entries.innerText();
    assert.match(shown, /Unable to connect to Client: bams-fd/);
    assert.match(shown, /Password = "\[redacted\]"/);
    assert.doesNotMatch(shown, /e2e-dir-secret/);
    assert.match(await frame.locator("[data-test=logs-source]").innerText(), new RegExp(`file ${LOG}`));

    await frame.locator("[data-test=logs-level]").selectOption("err");
    await env.waitFor("only the error", async () => (await frame.locator("[data-test=log-entry]").count()) === 1, 10000);
    assert.equal(await frame.locator("[data-test=log-entry]").getAttribute("data-level"), "err");
    await frame.locator("[data-test=logs-level]").selectOption("");
    await frame.locator("[data-test=logs-text]").fill("start backup");
    await frame.locator("[data-test=logs-text]").press("Enter");
    await env.waitFor("only the start", async () => (await frame.locator("[data-test=log-entry]").count()) === 1, 10000);
    assert.match(ui.page.url(), /text=start(%20|\+)backup/);

    await ui.page.goto(`${env.base}/bams#/logs?service=bacula-dir&follow=1`);
    await ui.frame.locator("[data-test=log-following]").waitFor();
    await env.waitFor("the recent lines", async () => (await ui.frame.locator("[data-test=log-entry]").count()) >= 3, 10000);
    fs.appendFileSync(LOG, "02-Dec 01:10 bacula-dir JobId 2: Start Backup JobId 2, secret=e2e-later-secret\n");
    const later = ui.frame.locator("[data-test=log-entry]", { hasText: "JobId 2: Start Backup" });
    await later.waitFor({ timeout: 10000 });
    assert.match(await later.innerText(), /secret=\[redacted\]/);
    await ui.shot("logs-follow");

    const cli = env.bamsctl("-o", "json", "logs", "bacula-dir", "--level", "err");
    assert.equal(cli.entries.length, 1);
    assert.match(cli.entries[0].message, /Unable to connect/);
    assert.deepEqual(ui.problems(), []);
});

env.test("an admin downloads the diagnostics bundle: the log is in it, its secrets are not; a viewer may not", async () => {
    const viewer = await env.login("bamst-viewer", "/logs");
    const denied = viewer.frame.locator("[data-test=diagnostics-download]");
    await denied.waitFor();
    assert.equal(await denied.getAttribute("data-denied-group"), "bams-admin");

    const ui = await env.login("bamst-admin", "/logs");
    const [download] = await Promise.all([
        ui.page.waitForEvent("download"),
        ui.frame.locator("[data-test=diagnostics-download]").click(),
    ]);
    assert.match(download.suggestedFilename(), /^bams-diagnostics-.*\.tar\.gz$/);
    const archive = path.join(os.tmpdir(), `bams-e2e-bundle-${process.pid}.tar.gz`);
    await download.saveAs(archive);
    try {
        const listing = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" });
        assert.match(listing, /bams-diagnostics\/logs\/bacula-dir\.txt/);
        assert.match(listing, /bams-diagnostics\/audit\.json/);
        const all = execFileSync("tar", ["-xzOf", archive], { encoding: "utf8", maxBuffer: 64 << 20 });
        assert.match(all, /Unable to connect to Client: bams-fd/);
        assert.doesNotMatch(all, /e2e-dir-secret|e2e-later-secret/);
    } finally {
        fs.rmSync(archive, { force: true });
    }
    const audit = (await env.api("GET", "/api/v1/audit?user=bamst-admin")).body.records;
    assert.ok(audit.some(r => r.path === "/api/v1/diagnostics/bundle"), "the download left no audit record");
});
