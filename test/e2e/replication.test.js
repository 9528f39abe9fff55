// The Replication page against a real bamsd, with the fake ZFS on both
// sides (ZFS cannot run here): the source's on bamsd's tools path, the
// target's behind a real sshd on 127.0.0.3 whose authorized_keys line
// forces a shell with the target's fake zfs first on PATH, so bamsd's real
// ssh (its key, its known_hosts, StrictHostKeyChecking) carries the stream.
// An admin creates a task (a bad address refused at its field), tests the
// connection, accepts the target's key, runs it and watches the run
// succeed live; the list then shows it OK with its lag. A viewer only reads.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { setup } = require("./harness.js");

const ROOT = path.resolve(__dirname, "../..");
const fakes = {};

function wrapper(bin, tool, program, state) {
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nFAKEZFS_STATE=${state} FAKE_ARGV0="$0" exec ${program} ${tool} "$@"\n`, { mode: 0o755 });
}

const env = setup({
    prepare: dir => {
        const program = path.join(dir, "fakezfs");
        execFileSync("go", ["build", "-o", program, "./backend/internal/testutil/fakezfs/cmd/fakezfs"], { cwd: ROOT, stdio: "inherit" });
        const fs0 = { Type: "filesystem", Props: {} };
        for (const [side, pool, datasets] of [["source", "tank", { tank: fs0, "tank/web": fs0 }], ["target", "backup", { backup: fs0 }]]) {
            const bin = path.join(dir, `${side}-bin`);
            fs.mkdirSync(bin);
            const state = path.join(dir, `${side}-zfs.json`);
            fs.writeFileSync(state, JSON.stringify({ Pools: { [pool]: { Health: "ONLINE" } }, Datasets: datasets, Holds: {} }));
            wrapper(bin, "zfs", program, state);
            wrapper(bin, "zpool", program, state);
            fakes[side] = { bin, state: () => JSON.parse(fs.readFileSync(state, "utf8")) };
        }
        return ["tools:", `  path: ${fakes.source.bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`];
    },
});

env.test("an admin creates a replication, accepts the target's key and runs it live", async () => {
    const sshd = await env.startHost("127.0.0.3");
    const key = (await env.api("GET", "/api/v1/ssh/key")).body.public_key;
    // what the client asked for runs through a shell, as sshd runs it without a forced command
    sshd.authorize(`command="PATH=${fakes.target.bin}:/usr/bin:/bin; exec /bin/sh -c \\"$SSH_ORIGINAL_COMMAND\\"" ${key}`);

    const ui = await env.login("bamst-admin", "/replication");
    const { frame } = ui;
    await frame.locator("[data-test=replications-empty]").waitFor();
    await frame.locator("[data-test=replication-create]").click();
    const form = frame.locator("[data-test=replication-form]");
    await form.locator("[data-test=replication-field-name]").fill("offsite");
    await form.locator("[data-test=replication-field-source]").fill("tank/web");
    await form.locator("[data-test='replication-field-target.address']").fill("-oProxyCommand=x");
    await form.locator("[data-test='replication-field-target.port']").fill(String(sshd.port));
    await form.locator("[data-test='replication-field-target.user']").fill("root");
    await form.locator("[data-test='replication-field-target.dataset']").fill("backup/web");
    await form.locator("[data-test=replication-save]").click();
    await form.locator("[data-test='replication-problem-target.address']").waitFor();
    assert.equal((await env.api("GET", "/api/v1/replications")).body.replications.length, 0, "a refused create stored something");
    await form.locator("[data-test='replication-field-target.address']").fill(sshd.address);
    await form.locator("[data-test=replication-save]").click();

    const detail = frame.locator("[data-test=replication-detail][data-name=offsite]");
    await detail.waitFor();
    assert.equal(await detail.locator("[data-test=replication-run]").isDisabled(), true, "Run now must wait for an accepted host key");
    await detail.locator("[data-test=replication-test]").click();
    const keyRow = detail.locator("[data-test=replication-key-card] [data-fingerprint]").first();
    await keyRow.waitFor();
    const fingerprint = await keyRow.getAttribute("data-fingerprint");
    await keyRow.locator("[data-test=replication-key-accept]").click();
    await detail.locator(`[data-test=replication-host-key]:has-text("${fingerprint}")`).waitFor({ timeout: 15000 });
    await detail.locator("[data-test=replication-login]:has-text('ok')").waitFor({ timeout: 15000 });

    await detail.locator("[data-test=replication-run]").click();
    await detail.locator("[data-test=replication-current]").waitFor();
    await detail.locator("[data-test=replication-current][data-state=succeeded]").waitFor({ timeout: 30000 });
    assert.equal(await detail.locator("[data-test=replication-current] [data-test=task-progress]").getAttribute("data-percent"), "100");
    await detail.locator("[data-test=replication-history] tr[data-result=succeeded]").waitFor();
    await ui.shot("replication-detail");

    const task = (await env.api("GET", "/api/v1/replications/offsite")).body;
    assert.equal(task.state, "ok");
    assert.match(task.common_snapshot, /^repl-offsite-/);
    const target = fakes.target.state();
    const received = target.Datasets[`backup/web@${task.common_snapshot}`];
    assert.ok(received, "the snapshot is not on the target");
    assert.deepEqual(target.Holds[`backup/web@${task.common_snapshot}`], ["bams:replication:offsite"]);
    assert.deepEqual(fakes.source.state().Holds[`tank/web@${task.common_snapshot}`], ["bams:replication:offsite"]);

    await frame.locator("a[href='#/replication']").click();
    const row = frame.locator("[data-test=replications-table] tr[data-replication=offsite]");
    await row.locator("[data-test=replication-state][data-state=ok]").waitFor();
    assert.notEqual(await row.locator("[data-test=replication-lag]").innerText(), "-");
    await ui.shot("replication-list");
    // the refused create is the one failed call
    assert.deepEqual(ui.problems().filter(p => !/ 400 /.test(p)), []);
});

env.test("a viewer sees the replications with every change disabled", async () => {
    const ui = await env.login("bamst-viewer", "/replication");
    const { frame } = ui;
    await frame.locator("[data-test=replication-create]").waitFor();
    assert.equal(await frame.locator("[data-test=replication-create]").getAttribute("aria-disabled"), "true");
});
