// The Bacula pages against a real Bacula stack (bacula-stack.js): the
// overview's stats, a job created through the wizard and run with its
// progress followed live, the console's output and refusals, and what a
// viewer or an operator may not do.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup({ bacula: true });

const JOB = "WizardBackup";

// A marker on the plugin's window: if the page reloaded, it is gone.
async function markWindow(page) {
    const frame = await (await page.$("iframe[name='cockpit1:localhost/bams']")).contentFrame();
    await frame.evaluate(() => { window.bamsNoReload = true });
    return () => frame.evaluate(() => window.bamsNoReload === true);
}

env.test("an admin sees the Bacula overview with the director's stats", async () => {
    const stats = (await env.api("GET", "/api/v1/backup/dashboard/stats")).body;
    const ui = await env.login("bamst-admin", "/bacula");
    const { frame } = ui;
    await frame.locator("[data-test=bacula-dashboard]").waitFor();
    const value = id => frame.locator(`[data-test=stat-${id}] [data-test=stat-value]`).innerText();
    assert.equal(await value("total-jobs"), String(stats.total_jobs));
    assert.equal(stats.total_jobs, 3, "the test director has BackupData, SlowBackup and RestoreFiles");
    assert.equal(await value("running-jobs"), String(stats.running_jobs));
    await frame.locator("[data-test=quick-actions] [data-test=run-now]").waitFor();
    await ui.shot("bacula-dashboard");
});

env.test("an admin creates a job in the wizard, runs it and sees it end live and in the history", async () => {
    const ui = await env.login("bamst-admin", "/bacula/jobs");
    const { frame } = ui;
    await frame.locator("[data-test=jobs-table] [data-job=BackupData]").waitFor();
    await frame.locator("[data-test=job-create]").click();
    const wizard = frame.locator("[data-test=job-wizard]");

    // A name the director already has: the API's refusal shows at the name.
    await wizard.locator("[data-test=job-field-name]").fill("BackupData");
    assert.equal(await wizard.locator("[data-test=job-field-client]").inputValue(), "test-fd");
    await wizard.locator("[data-test=job-next]").click();
    assert.equal(await wizard.locator("[data-test=job-field-fileset]").inputValue(), "TestSet");
    await wizard.locator("[data-test=job-next]").click();
    assert.equal(await wizard.locator("[data-test=job-field-pool]").inputValue(), "FilePool");
    await wizard.locator("[data-test=job-field-level]").selectOption("Full");
    await wizard.locator("[data-test=job-next]").click();
    await wizard.locator("[data-test=job-review]").waitFor();
    await wizard.locator("[data-test=job-save]").click();
    const problem = wizard.locator("[data-test=job-problem-name]");
    await problem.waitFor();
    assert.match(await problem.innerText(), /BackupData/);
    await ui.shot("bacula-wizard-refused");

    await wizard.locator("[data-test=job-field-name]").fill(JOB);
    for (let i = 0; i < 3; i++)
        await wizard.locator("[data-test=job-next]").click();
    await wizard.locator("[data-test=job-save]").click();

    const detail = frame.locator(`[data-test=job-detail][data-job=${JOB}]`);
    await detail.waitFor({ timeout: 20000 });
    const job = (await env.api("GET", `/api/v1/backup/jobs/${JOB}`)).body;
    assert.equal(job.client, "test-fd");
    assert.equal(job.managed, true);

    const stillSamePage = await markWindow(ui.page);
    await detail.locator("[data-test=run-now]").click();
    const run = detail.locator("[data-test=run-task]");
    await run.waitFor();
    await detail.locator("[data-test=run-task][data-state=running]").waitFor({ timeout: 10000 });
    await ui.shot("bacula-job-running");
    await detail.locator("[data-test=run-task][data-state=succeeded]").waitFor({ timeout: 30000 });
    assert.equal(await run.locator("[data-test=task-progress]").getAttribute("data-percent"), "100");
    const jobid = (await run.locator("[data-test=run-jobid]").innerText()).replace(/\D/g, "");
    await detail.locator(`[data-test=job-history] [data-jobid="${jobid}"][data-status=ok]`).waitFor({ timeout: 10000 });
    assert.equal(await detail.locator("[data-test=stat-succeeded]").innerText(), "1");
    assert.ok(await stillSamePage(), "the page reloaded");
    await ui.shot("bacula-job-done");

    await frame.locator("[data-test=bacula-nav-history] button, button[data-test=bacula-nav-history]").first().click();
    const row = frame.locator(`[data-test=bacula-history] [data-jobid="${jobid}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-job"), JOB);
    await row.locator("a").first().click();
    const log = frame.locator("[data-test=run-log]");
    await log.waitFor();
    assert.match(await log.innerText(), new RegExp(JOB));
    await ui.shot("bacula-run-log");
});

env.test("a viewer sees Run now disabled, naming bams-operator", async () => {
    const ui = await env.login("bamst-viewer", "/bacula/jobs/BackupData");
    const run = ui.frame.locator("[data-test=job-detail] [data-test=run-now]");
    await run.waitFor();
    assert.equal(await run.getAttribute("data-denied-group"), "bams-operator");
    assert.equal(await run.getAttribute("aria-disabled"), "true");
    await run.hover();
    assert.match(await ui.frame.locator("[data-test=denied-reason]").innerText(), /bams-operator/);
    await ui.shot("bacula-viewer-run-denied");
});

env.test("the console runs `list jobs` and shows the rule refusing `.sql`", async () => {
    const ui = await env.login("bamst-admin", "/bacula/console");
    const { frame } = ui;
    await frame.locator("[data-test=console-rules]").waitFor();
    await frame.locator("[data-test=console-command]").fill("list jobs");
    await frame.locator("[data-test=console-run]").click();
    const output = frame.locator("[data-test=console-output]").first();
    await output.waitFor();
    assert.match(await output.innerText(), /JobId|No results to list/);

    const refused = (await env.api("POST", "/api/v1/backup/console/execute", { command: ".sql query=\"SELECT 1\"" })).body;
    await frame.locator("[data-test=console-command]").fill(".sql query=\"SELECT 1\"");
    await frame.locator("[data-test=console-run]").click();
    const refusal = frame.locator("[data-test=console-refusal]");
    await refusal.waitFor();
    assert.ok((await refusal.innerText()).startsWith(refused.error.message), await refusal.innerText());
    await ui.shot("bacula-console");
});

env.test("an operator sees the console disabled, naming bams-admin", async () => {
    const ui = await env.login("bamst-operator", "/bacula/console");
    const run = ui.frame.locator("[data-test=console-run]");
    await run.waitFor();
    assert.equal(await run.getAttribute("data-denied-group"), "bams-admin");
    assert.ok(await ui.frame.locator("[data-test=console-command]").isDisabled());
    assert.match(await ui.frame.locator("[data-test=console-help]").innerText(), /bams-admin/);
    await ui.shot("bacula-operator-console-denied");
});
