// Audit: an admin's self-check is on the trail, and the filters narrow it.
"use strict";

const assert = require("node:assert/strict");
const { setup } = require("./harness.js");

const env = setup();

const SELFCHECK = '[data-user="bamst-admin"][data-method=POST][data-path="/api/v1/system/selfcheck"]';

env.test("audit page shows the admin's self-check and filters by user, action and time", async () => {
    const ui = await env.login("bamst-admin");
    const { frame } = ui;
    await frame.locator("[data-test=selfcheck]").click();
    await frame.locator("[data-test=selfcheck-started]").waitFor();

    await ui.nav("audit");
    const row = frame.locator(`[data-test=audit-page] ${SELFCHECK}`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-result"), "ok");
    await ui.shot("audit");

    const filter = async (fields) => {
        for (const [name, value] of Object.entries(fields))
            if (name === "action")
                await frame.locator("[data-test=filter-action]").selectOption(value);
            else
                await frame.locator(`[data-test=filter-${name}]`).fill(value);
        await frame.locator("[data-test=filter-apply]").click();
    };

    await filter({ user: "bamst-admin", action: "org.bams.operate" });
    await row.waitFor();
    const users = await frame.locator("[data-audit-seq]").evaluateAll(rows => rows.map(r => r.dataset.user));
    assert.ok(users.every(u => u === "bamst-admin"), `users shown: ${users}`);
    assert.match(ui.page.url(), /user=bamst-admin/);

    await filter({ user: "bamst-viewer" });
    await frame.locator("[data-test=audit-empty]").waitFor();

    // a window that starts tomorrow holds nothing yet
    const tomorrow = new Date(Date.now() + 86400e3);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
    await filter({ user: "bamst-admin", since: local });
    await frame.locator("[data-test=audit-empty]").waitFor();
});
