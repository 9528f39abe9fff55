// Dashboard: what an admin sees matches bamsctl, how fast it shows, and
// what a viewer and an outsider are (not) allowed to do.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();

env.test("admin sees the same hostname and tools as `bamsctl status`", async t => {
    await env.selfcheckAsRoot(); // the dashboard's tools come from the last self-check
    const status = env.bamsctl("status", "-o", "json").dashboard;

    const ui = await env.login("bamst-admin");
    t.diagnostic(`login to dashboard data: ${ui.loginMs} ms`);

    const { frame } = ui;
    assert.equal(await frame.locator("[data-test=hostname]").innerText(), status.hostname);
    const tools = status.tools.map(tool => tool.name);
    assert.ok(tools.length > 0, "bamsctl reports no tools after a self-check");
    await frame.locator("[data-tool]").first().waitFor();
    const shown = await frame.locator("[data-tool]").evaluateAll(rows => rows.map(r => r.dataset.tool));
    assert.deepEqual(shown, tools);
    for (const tool of status.tools) {
        const row = frame.locator(`[data-tool="${tool.name}"]`);
        assert.equal(await row.getAttribute("data-installed"), tool.installed ? "1" : "0", tool.name);
        assert.equal((await row.locator("[data-test=tool-version]").innerText()).trim(), tool.version || "", tool.name);
    }
    assert.equal(await frame.locator("[data-test=kernel]").innerText(), status.kernel);
    for (const root of ["backup", "restore"])
        assert.match(await frame.locator(`[data-test=${root}-root]`).innerText(), new RegExp(`^${status[`${root}_root`].path}: `));
    await ui.shot("dashboard");
});

env.test("viewer sees Run self-check disabled, naming the group bams-operator", async () => {
    const before = (await env.api("GET", "/api/v1/tasks")).body.tasks.length;
    const { frame, shot } = await env.login("bamst-viewer");
    const button = frame.locator("[data-test=selfcheck]");
    assert.equal(await button.getAttribute("aria-disabled"), "true");
    assert.equal(await button.getAttribute("data-denied-group"), "bams-operator");

    await button.hover();
    const reason = frame.locator("[data-test=denied-reason]");
    await reason.waitFor();
    assert.match(await reason.innerText(), /bams-operator/);
    await shot("dashboard-viewer");

    await button.click({ force: true }); // a disabled button must not start anything
    await new Promise(resolve => setTimeout(resolve, 500));
    assert.equal((await env.api("GET", "/api/v1/tasks")).body.tasks.length, before);
});

env.test("outsider is told which group grants access", async () => {
    const ui = await env.login("bamst-outsider");
    const notice = ui.frame.locator("[data-test=no-access]");
    await notice.waitFor();
    assert.match(await notice.innerText(), /bams-viewer/);
});

env.test("dark theme follows the browser when Cockpit's style is auto", async () => {
    const { page, frame, shot } = await env.login("bamst-admin", "", { colorScheme: "dark" });
    await frame.locator("[data-test=hostname]").waitFor();
    const frameHandle = await page.$("iframe[name='cockpit1:localhost/bams']");
    const dark = await (await frameHandle.contentFrame()).evaluate(
        () => document.documentElement.classList.contains("pf-v6-theme-dark"));
    assert.equal(dark, true);
    await shot("dashboard-dark");
});

env.test("the dashboard charts the backup root's usage from the samples bamsd keeps", async () => {
    const history = (await env.api("GET", "/api/v1/dashboard/history")).body;
    const used = history.series.find(s => s.name === "backup_root_used_bytes");
    assert.ok(used && used.points.length >= 1, JSON.stringify(history));
    const ui = await env.login("bamst-viewer");
    const chart = ui.frame.locator("[data-test=history-card] [data-test=history-used]");
    await chart.waitFor();
    assert.ok(Number(await chart.getAttribute("data-points")) >= 1);
    assert.match(await chart.innerText(), /Backup root used/);
    await ui.shot("dashboard-history");
    assert.deepEqual(ui.problems(), []);
});
