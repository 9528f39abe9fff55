// The iSCSI page against the fake scstadmin (fake-scst.js; SCST cannot run
// here): a target created with CHAP whose secrets never come back, a LUN,
// the plan reviewed and applied, a session shown and its drop confirmed,
// a failed apply rolled back, and a removal that needs the name typed.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const { setup } = require("./harness.js");

const env = setup({ scst: true });

const TARGET = "iqn.2026-01.org.example:backup";
const INITIATOR = "iqn.2026-01.org.example:host1";
const SECRET = "e2e-incoming-secret-01";
const MUTUAL = "e2e-mutual-secret-0002";

const enc = encodeURIComponent;

// review opens the plan (of everything, or through opener of one target)
// and checks it names each of want.
async function review(frame, want, opener = frame.locator("[data-test=iscsi-review]")) {
    await opener.click();
    const plan = frame.locator("[data-test=iscsi-plan]");
    const changes = plan.locator("[data-test=plan-changes]");
    await changes.waitFor();
    const text = await changes.innerText();
    for (const w of want)
        assert.match(text, w);
    return plan;
}

env.test("an admin creates a target with CHAP and a LUN, reviews the plan and applies it", async () => {
    const ui = await env.login("bamst-admin", "/iscsi");
    const { frame } = ui;
    await frame.locator("[data-test=iscsi-page]").waitFor();
    await frame.locator("[data-test=target-create]").click();
    const form = frame.locator("[data-test=target-form]");
    // A bad name is refused at the field.
    await form.locator("[data-test=target-field-name]").fill("iqn.2026-01.Example:UPPER");
    await form.locator("[data-test=target-save]").click();
    await form.locator("[data-test=target-problem-name]").waitFor();
    await form.locator("[data-test=target-field-name]").fill(TARGET);
    await form.locator("[data-test=target-field-alias]").fill("backup");
    await form.locator("[data-test=target-field-initiators]").fill(INITIATOR);
    await form.locator("[data-test=target-field-in_user]").fill("host1");
    await form.locator("[data-test=target-field-in_secret]").fill(SECRET);
    await form.locator("[data-test=target-field-out_user]").fill("target1");
    await form.locator("[data-test=target-field-out_secret]").fill(MUTUAL);
    await form.locator("[data-test=target-save]").click();
    const row = frame.locator(`[data-test=targets-table] [data-target="${TARGET}"]`);
    await row.waitFor();
    assert.match(await row.locator("[data-test=target-chap]").innerText(), /host1 \(secret set\).*target1 \(secret set\)/);

    await row.locator("[data-test=lun-add]").click();
    const lunForm = frame.locator("[data-test=lun-form]");
    await lunForm.locator("[data-test=lun-field-name]").fill("tank/lun0");
    await lunForm.locator("[data-test=lun-save]").click();
    await row.locator("[data-lun='0']").waitFor();

    // The secrets never come back: not in the API, the page or the audit.
    const got = await env.api("GET", `/api/v1/iscsi/targets/${enc(TARGET)}`);
    const audit = await env.api("GET", "/api/v1/audit");
    const html = await frame.locator("body").innerHTML();
    for (const text of [JSON.stringify(got.body), JSON.stringify(audit.body), html])
        for (const s of [SECRET, MUTUAL])
            assert.ok(!text.includes(s), `a secret leaked: ${text.slice(0, 200)}`);
    await ui.shot("iscsi-targets");

    const plan = await review(frame, [new RegExp(`add target ${TARGET}`), /add device .*tank\/lun0/]);
    await ui.shot("iscsi-plan");
    assert.equal(env.scst.state().Applies, 0, "nothing is applied before the admin confirms");
    await plan.locator("[data-test=plan-apply]").click();
    await plan.locator("[data-test=plan-done]").waitFor({ timeout: 20000 });
    await plan.locator("[data-test=plan-close]").click();

    const st = env.scst.state();
    assert.equal(st.Applies, 1);
    assert.match(st.Running, new RegExp(TARGET.replace(/\./g, "\\.")));
    assert.ok(!env.scst.calls().some(c => c.includes("-force")), "an apply that only adds runs without -force");
    const conf = fs.statSync(env.scst.configFile);
    assert.equal(conf.mode & 0o777, 0o600);
    assert.ok(fs.readFileSync(env.scst.configFile, "utf8").includes(SECRET), "scst.conf holds the secret SCST needs");
    const drift = (await env.api("GET", "/api/v1/iscsi/plan")).body;
    assert.deepEqual(drift.changes, [], "SCST runs the desired state");
    const last = (await env.api("GET", "/api/v1/audit")).body.records[0];
    assert.equal(last.path, "/api/v1/iscsi/apply");
    assert.ok(last.params.plan.length > 0, "the apply's audit record holds its plan");
});

env.test("removing a LUN in use shows the session and needs the drop confirmed", async () => {
    env.scst.session(TARGET, "allowed", INITIATOR, [0]);
    const ui = await env.login("bamst-admin", "/iscsi");
    const { frame } = ui;
    await frame.locator(`[data-test=sessions-table] [data-initiator="${INITIATOR}"]`).waitFor();
    const row = frame.locator(`[data-test=targets-table] [data-target="${TARGET}"]`);
    await row.locator("[data-lun='0'] [data-test=lun-remove]").click();
    const confirm = frame.locator("[data-test=lun-delete-modal]");
    assert.ok(await confirm.locator("[data-test=lun-delete-modal-confirm]").isDisabled(), "Delete waits for the number");
    await confirm.locator("[data-test=lun-delete-modal-name]").fill("0");
    await confirm.locator("[data-test=lun-delete-modal-confirm]").click();
    await row.locator("[data-lun='0']").waitFor({ state: "detached" });

    // This one through the target's own Apply: /targets/{id}/plan and /apply.
    const plan = await review(frame, [/remove lun 0/], row.locator("[data-test=target-apply]"));
    await plan.locator("[data-test=plan-force]").waitFor();
    assert.match(await plan.locator("[data-test=plan-drops]").innerText(), new RegExp(INITIATOR));
    assert.ok(await plan.locator("[data-test=plan-apply]").isDisabled(), "Apply waits for the drop to be confirmed");
    await ui.shot("iscsi-plan-drops");
    await plan.locator("[data-test=plan-drop]").check();
    await plan.locator("[data-test=plan-apply]").click();
    await plan.locator("[data-test=plan-done]").waitFor({ timeout: 20000 });
    assert.ok(env.scst.calls().some(c => c[0] === "-config" && c.includes("-force")), "a removal runs with -force");
    const last = (await env.api("GET", "/api/v1/audit")).body.records[0];
    assert.equal(last.path, `/api/v1/iscsi/targets/${TARGET}/apply`);
    assert.ok(!env.scst.state().Running.includes("tank/lun0"));
});

env.test("a failed apply is rolled back and says so", async () => {
    const ui = await env.login("bamst-admin", "/iscsi");
    const { frame } = ui;
    const row = frame.locator(`[data-test=targets-table] [data-target="${TARGET}"]`);
    await row.locator("[data-test=lun-add]").click();
    const lunForm = frame.locator("[data-test=lun-form]");
    await lunForm.locator("[data-test=lun-field-lun]").fill("1");
    await lunForm.locator("[data-test=lun-field-name]").fill("tank/lun1");
    await lunForm.locator("[data-test=lun-save]").click();
    await row.locator("[data-lun='1']").waitFor();

    const before = env.scst.state();
    env.scst.save({ ...before, FailApply: before.Applies + 1 });
    const conf = fs.readFileSync(env.scst.configFile, "utf8");
    const shown = (await env.api("GET", "/api/v1/iscsi/plan")).body;
    const plan = await review(frame, [/add lun 1/]);
    await plan.locator("[data-test=plan-apply]").click();
    const alert = plan.locator(".pf-v6-c-alert", { hasText: "previous configuration was restored" });
    await alert.waitFor({ timeout: 20000 });
    assert.ok(!(await alert.innerText()).includes(SECRET), "SCST's error echoed the secret; it must be redacted");
    await ui.shot("iscsi-apply-failed");
    // SCST runs what it ran before: the same plan is still to apply.
    assert.equal((await env.api("GET", "/api/v1/iscsi/plan")).body.token, shown.token);
    assert.ok(!env.scst.state().Running.includes("tank/lun1"));
    assert.equal(fs.readFileSync(env.scst.configFile, "utf8"), conf, "scst.conf is left alone");
});

env.test("deleting a target needs its name typed", async () => {
    const ui = await env.login("bamst-admin", "/iscsi");
    const { frame } = ui;
    const row = frame.locator(`[data-test=targets-table] [data-target="${TARGET}"]`);
    await row.locator("[data-test=target-delete]").click();
    const confirm = frame.locator("[data-test=target-delete-modal]");
    await confirm.locator("[data-test=target-delete-modal-name]").fill("backup");
    assert.ok(await confirm.locator("[data-test=target-delete-modal-confirm]").isDisabled());
    await confirm.locator("[data-test=target-delete-modal-name]").fill(TARGET);
    await confirm.locator("[data-test=target-delete-modal-confirm]").click();
    await row.waitFor({ state: "detached" });
    assert.equal((await env.api("GET", "/api/v1/iscsi/targets")).body.targets.length, 0);
});

env.test("a viewer sees the targets but cannot change them", async () => {
    const ui = await env.login("bamst-viewer", "/iscsi");
    const { frame } = ui;
    await frame.locator("[data-test=iscsi-page]").waitFor();
    assert.equal(await frame.locator("[data-test=target-create]").getAttribute("data-denied-group"), "bams-admin");
    assert.equal(await frame.locator("[data-test=iscsi-review]").getAttribute("data-denied-group"), "bams-admin");
});
