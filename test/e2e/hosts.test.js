// Hosts list: hosts set up through the API show with their last backup;
// the add form checks what it can and shows the API's 400 at its field; a
// viewer sees the list with "Add host" disabled naming bams-admin; removing
// a host asks first and says the snapshot folders stay.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();

const host = name => ({ name, address: "127.0.0.9", port: 22, user: "root", paths: ["/srv"], enabled: true });

env.test("admin: form validation, the API's field error, and removal with its note", async () => {
    assert.equal((await env.api("POST", "/api/v1/hosts", host("db1"))).status, 201);
    const ui = await env.login("bamst-admin", "/hosts");
    const { frame } = ui;
    await frame.locator("[data-test=hosts-table] tr[data-host=db1]").waitFor();

    await frame.locator("[data-test=host-add]").click();
    const form = frame.locator("[data-test=host-form]");
    await form.locator("[data-test=host-field-name]").fill("Bad Name");
    await form.locator("[data-test=host-field-address]").fill("10.0.0.5");
    await form.locator("[data-test=host-field-paths]").fill("relative/path");
    await form.locator("[data-test=host-save]").click();
    await form.locator("[data-test=host-problem-name]").waitFor();
    await form.locator("[data-test=host-problem-paths]").waitFor();

    // The form lets "bad_address" through; the API names the field.
    await form.locator("[data-test=host-field-name]").fill("app1");
    await form.locator("[data-test=host-field-address]").fill("bad_address");
    // Paths people have pass the form: spaces, quotes, letters; a trailing "/" is dropped.
    await form.locator("[data-test=host-field-paths]").fill("/srv/Shared Docs/\n/home/o'brien\n/srv/été");
    await form.locator("[data-test=host-save]").click();
    await form.locator("[data-test=host-problem-address]").waitFor();
    assert.equal(await form.locator("[data-test=host-problem-paths]").count(), 0);
    assert.match(await form.locator("[data-test=host-problem-address]").innerText(), /bad_address/);
    await ui.shot("host-form");
    await form.locator("[data-test=host-field-address]").fill("app1.example.com");
    await form.locator("[data-test=host-save]").click();
    await frame.locator("[data-test=host-detail][data-host=app1]").waitFor();
    const saved = (await env.api("GET", "/api/v1/hosts/app1")).body;
    assert.equal(saved.address, "app1.example.com");
    assert.deepEqual(saved.paths, ["/srv/Shared Docs", "/home/o'brien", "/srv/été"]);

    await frame.locator("[data-test=host-delete]").click();
    const confirm = frame.locator("[data-test=host-delete-modal]");
    assert.match(await confirm.locator("[data-test=host-delete-note]").innerText(), /stay on disk/);
    await confirm.locator("[data-test=host-delete-confirm]").click();
    await frame.locator("[data-test=hosts-page]").waitFor();
    await frame.locator("[data-test=hosts-table] tr[data-host=db1]").waitFor();
    assert.equal(await frame.locator("[data-test=hosts-table] tr[data-host=app1]").count(), 0);
    assert.equal((await env.api("GET", "/api/v1/hosts/app1")).status, 404);
    await ui.shot("hosts");
});

env.test("viewer sees the hosts but may not add one", async () => {
    const ui = await env.login("bamst-viewer", "/hosts");
    const { frame } = ui;
    await frame.locator("[data-test=hosts-table] tr[data-host=db1]").waitFor();
    const add = frame.locator("[data-test=host-add]");
    assert.equal(await add.getAttribute("data-denied-group"), "bams-admin");
    assert.equal(await add.getAttribute("aria-disabled"), "true");
    await add.hover();
    assert.match(await frame.locator("[data-test=denied-reason]").innerText(), /bams-admin/);
    await add.click({ force: true });
    assert.equal(await frame.locator("[data-test=host-form]").count(), 0);
});

env.test("default retention policy: an admin saves and drops it, a viewer only reads it", async () => {
    const viewer = await env.login("bamst-viewer", "/hosts");
    await viewer.frame.locator("[data-test=default-policy-open]").click();
    const seen = viewer.frame.locator("[data-test=default-policy]");
    assert.match(await seen.locator("[data-test=policy-source]").innerText(), /built-in/);
    assert.equal(await seen.locator("[data-test=policy-save]").getAttribute("data-denied-group"), "bams-admin");

    const ui = await env.login("bamst-admin", "/hosts");
    await ui.frame.locator("[data-test=default-policy-open]").click();
    const modal = ui.frame.locator("[data-test=default-policy]");
    await modal.locator("[data-test=policy-keep_last]").fill("4");
    await modal.locator("[data-test=policy-save]").click();
    await modal.locator("[data-test=policy-source]:has-text('default policy')").waitFor();
    let saved = (await env.api("GET", "/api/v1/retention/policy")).body;
    assert.deepEqual([saved.source, saved.policy.keep_last], ["default", 4]);
    await ui.shot("default-policy");

    await modal.locator("[data-test=policy-drop]").click();
    await modal.locator("[data-test=policy-source]:has-text('built-in')").waitFor();
    saved = (await env.api("GET", "/api/v1/retention/policy")).body;
    assert.equal(saved.source, "built-in");
});
