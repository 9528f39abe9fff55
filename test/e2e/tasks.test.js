// Tasks: a self-check started from the Dashboard is followed live on the
// Tasks page, and its detail page shows the log.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();

// A marker on the plugin's window: if the page reloaded, it is gone.
async function markWindow(page) {
    const frame = await (await page.$("iframe[name='cockpit1:localhost/bams']")).contentFrame();
    await frame.evaluate(() => { window.bamsNoReload = true });
    return () => frame.evaluate(() => window.bamsNoReload === true);
}

env.test("self-check started on the Dashboard reaches succeeded on the Tasks page, live", async () => {
    const ui = await env.login("bamst-admin");
    const { frame } = ui;
    const stillSamePage = await markWindow(ui.page);

    await frame.locator("[data-test=selfcheck]").click();
    const link = frame.locator("[data-test=selfcheck-started] a");
    await link.waitFor();
    const id = (await link.getAttribute("href")).split("/").pop();
    assert.ok(id, "no task id in the started link");

    await ui.nav("tasks");
    const row = frame.locator(`[data-task-id="${id}"]`);
    await row.waitFor();
    await frame.locator(`[data-task-id="${id}"][data-state=succeeded]`).waitFor({ timeout: 30000 });
    assert.equal(await row.locator("[data-test=task-progress]").getAttribute("data-percent"), "100");
    assert.equal(await row.getAttribute("data-kind"), "selfcheck");

    // A task started elsewhere (as root, through the API) shows up by itself.
    const other = await env.api("POST", "/api/v1/system/selfcheck", {});
    assert.equal(other.status, 202);
    await frame.locator(`[data-task-id="${other.body.id}"][data-state=succeeded]`).waitFor({ timeout: 30000 });
    assert.ok(await stillSamePage(), "the page reloaded");
    await ui.shot("tasks");

    // The detail page: same state as the API, with the task's log.
    await row.locator("a").click();
    const detail = frame.locator(`[data-test=task-detail][data-task-id="${id}"]`);
    await detail.waitFor();
    const task = (await env.api("GET", `/api/v1/tasks/${id}`)).body;
    assert.equal(await detail.locator("[data-test=task-state]").getAttribute("data-state"), task.state);
    assert.ok(task.log.length > 0, "the API has no log lines for the self-check");
    const log = await detail.locator("[data-test=task-log]").innerText();
    assert.ok(log.includes(task.log[0].text), `log shown:\n${log}\nfirst API line: ${task.log[0].text}`);
    await ui.shot("task-detail");
});

env.test("state filter shows only tasks in that state, as a link", async () => {
    await env.selfcheckAsRoot();
    const ui = await env.login("bamst-viewer", "/tasks?state=failed");
    const { frame } = ui;
    await frame.locator("[data-test=tasks-page]").waitFor();
    const failed = (await env.api("GET", "/api/v1/tasks?state=failed")).body.tasks;
    if (failed.length === 0)
        await frame.locator("[data-test=tasks-empty]").waitFor();
    const states = await frame.locator("[data-task-id]").evaluateAll(rows => rows.map(r => r.dataset.state));
    assert.deepEqual(states, failed.map(() => "failed"));

    await frame.locator("[data-test=filter-state]").selectOption("succeeded");
    await frame.locator("[data-task-id][data-state=succeeded]").first().waitFor();
    const shown = await frame.locator("[data-task-id]").evaluateAll(rows => rows.map(r => r.dataset.state));
    assert.ok(shown.every(s => s === "succeeded"), `states shown: ${shown}`);
    assert.match(ui.page.url(), /state=succeeded/);
});
