// bamsd going away and coming back while the plugin is open.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();

env.test("stopping bamsd shows how to start it, and the page recovers by itself", async () => {
    const ui = await env.login("bamst-admin");
    const { frame } = ui;
    await frame.locator("[data-test=hostname]").waitFor();

    await env.stopBamsd();
    const down = frame.locator("[data-test=daemon-down]");
    await down.waitFor({ timeout: 15000 });
    assert.match(await down.innerText(), /systemctl start bams\.socket/);
    assert.match(await down.innerText(), /make demo/);
    await ui.shot("daemon-down");

    await env.startBamsd();
    await frame.locator("[data-test=hostname]").waitFor({ timeout: 15000 });
    assert.equal(await down.count(), 0);
});
