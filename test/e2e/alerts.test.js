// Alerts: a real backup that fails (its source folder is missing on the
// host, a real sshd) raises an alert; a viewer watching the plugin sees the
// badge appear live and the alert on the Alerts page, but may not
// acknowledge it; an operator acknowledges it (who is shown) and the badge
// goes; bamsctl lists it; once a backup works again the alert is cleared
// and shows in the history. An admin adds a webhook target (a loopback
// receiver) and sends a signed test; a viewer sees no targets.
"use strict";

const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const http = require("node:http");
const path = require("node:path");
const { setup } = require("./harness.js");

// Fast checks; no bconsole, so the Bacula source has nothing to say.
const env = setup({ prepare: async () => ["alerts:", "  check_every: 1s", "  raise_after: 2", "  clear_after: 1",
    "bacula:", "  bconsole: bams-test-no-bconsole"] });

const row = '[data-test=alerts-table] [data-class=backup-failed]';

async function host() {
    const sshd = await env.startHost("127.0.0.4");
    // where env.sourceTree("alert1") will put the files: missing for now
    const source = path.join(path.dirname(env.backupRoot()), "sources", "alert1");
    const created = await env.api("POST", "/api/v1/hosts",
                                  { name: "alert1", address: sshd.address, port: sshd.port, paths: [source], enabled: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scan = (await env.api("POST", "/api/v1/hosts/alert1/test", {})).body;
    const accepted = await env.api("POST", "/api/v1/hosts/alert1/hostkey", { fingerprint: scan.keys[0].fingerprint });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
}

async function backup(want) {
    const run = await env.api("POST", "/api/v1/hosts/alert1/backup", {});
    assert.equal(run.status, 202, JSON.stringify(run.body));
    assert.equal((await env.waitForTask(run.body.id)).state, want);
}

env.test("a failed backup raises an alert: badge, page, acknowledge, bamsctl, cleared", async () => {
    await host();
    const viewer = await env.login("bamst-viewer", "/alerts");
    await viewer.frame.locator("[data-test=alerts-empty]").waitFor();
    assert.equal(await viewer.frame.locator("[data-test=alerts-badge]").count(), 0);

    await backup("failed");
    // raised after two checks in a row, pushed to the open page by the events stream
    const badge = viewer.frame.locator("[data-test=alerts-badge]");
    await badge.waitFor({ timeout: 20000 });
    assert.equal(await badge.getAttribute("data-count"), "1");
    const seen = viewer.frame.locator(row);
    await seen.waitFor();
    assert.equal(await seen.getAttribute("data-state"), "active");
    assert.equal(await seen.getAttribute("data-level"), "error");
    assert.match(await seen.innerText(), /host\/alert1/);
    assert.match(await seen.innerText(), /the last backup of alert1 failed/);
    const denied = seen.locator("[data-test=alert-ack]");
    assert.equal(await denied.getAttribute("aria-disabled"), "true");
    assert.equal(await denied.getAttribute("data-denied-group"), "bams-operator");
    await viewer.shot("alerts-viewer");

    const operator = await env.login("bamst-operator", "/alerts");
    const mine = operator.frame.locator(row);
    await mine.locator("[data-test=alert-ack]").click();
    await operator.frame.locator(`${row}[data-state=acknowledged]`).waitFor();
    assert.match(await operator.frame.locator(row).innerText(), /acknowledged by bamst-operator/);
    // the viewer's page follows: no active alert is left
    await viewer.frame.locator(`${row}[data-state=acknowledged]`).waitFor();
    await env.waitFor("the badge to go", async () => (await badge.count()) === 0, 10000);
    await operator.shot("alerts-acknowledged");

    const listed = env.bamsctl("-o", "json", "alerts", "list");
    const alert = listed.alerts.find(a => a.class === "backup-failed");
    assert.equal(alert.subject, "host/alert1");
    assert.equal(alert.acknowledged.by.user, "bamst-operator");
    assert.equal(listed.active, 0);

    env.sourceTree("alert1", { "a.txt": "back\n" });
    await backup("succeeded");
    await viewer.frame.locator("[data-test=alerts-empty]").waitFor({ timeout: 20000 });
    await viewer.frame.locator("[data-test=alerts-state]").selectOption("cleared");
    await viewer.frame.locator(`${row}[data-state=cleared]`).waitFor();
    assert.match(viewer.page.url(), /state=cleared/);
    assert.deepEqual(viewer.problems(), []);
});

// A loopback HTTP receiver standing in for a webhook service.
function receiver() {
    const got = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", c => { body += c });
        req.on("end", () => {
            got.push({ headers: req.headers, body });
            res.writeHead(204);
            res.end();
        });
    });
    return new Promise(resolve => server.listen(0, "127.0.0.1", () => resolve({ server, got, url: `http://127.0.0.1:${server.address().port}/hook` })));
}

env.test("an admin adds a webhook target and sends a test, signed; a viewer cannot see targets", async () => {
    const hook = await receiver();
    try {
        const admin = await env.login("bamst-admin", "/alerts");
        const { frame } = admin;
        await frame.locator("[data-test=notify-empty]").waitFor();
        await frame.locator("[data-test=notify-add]").click();
        await frame.locator("[data-test=target-field-name]").fill("hook");
        await frame.locator("[data-test=target-field-kind]").selectOption("webhook");
        await frame.locator("[data-test=target-field-webhook\\.url]").fill("ftp://nowhere/");
        await frame.locator("[data-test=target-submit]").click();
        // the API's 400 shows at its field
        await frame.locator("[data-test=target-problem-webhook\\.url]").waitFor();
        await frame.locator("[data-test=target-field-webhook\\.url]").fill(hook.url);
        await frame.locator("[data-test=target-field-webhook\\.secret]").fill("e2e-hmac-secret");
        await frame.locator("[data-test=target-submit]").click();
        const row = frame.locator("[data-test=notify-targets] [data-target=hook]");
        await row.waitFor();
        assert.doesNotMatch(await frame.locator("[data-test=notify-section]").innerText(), /e2e-hmac-secret/);
        await row.locator("[data-test=notify-test]").click();
        await row.locator("[data-test=notify-test-result][data-sent=true]").waitFor();
        assert.equal(hook.got.length, 1);
        const sent = hook.got[0];
        const want = "sha256=" + crypto.createHmac("sha256", "e2e-hmac-secret").update(sent.body).digest("hex");
        assert.equal(sent.headers["x-bams-signature"], want);
        assert.equal(JSON.parse(sent.body).event, "test");
        await admin.shot("alerts-notifications");

        const targets = (await env.api("GET", "/api/v1/notifications/targets")).body.targets;
        assert.equal(targets[0].webhook.secret_set, true);
        assert.equal(targets[0].webhook.secret, undefined);

        const viewer = await env.login("bamst-viewer", "/alerts");
        await viewer.frame.locator("[data-test=notify-denied]").waitFor();
        assert.equal(await viewer.frame.locator("[data-test=notify-targets]").count(), 0);
        assert.deepEqual(admin.problems().filter(p => !/ 400 /.test(p)), []);
    } finally {
        hook.server.close();
    }
});
