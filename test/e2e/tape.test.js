// The Tape page against the stateful fake mtx (no changer exists on the
// test machine: the fake of backend/internal/testutil/fakemtx, installed on
// bamsd's tools path for this file only; production runs the real mtx) and
// a real Bacula stack, which bamsd asks what its storage daemon is doing
// before each move and whose catalog the media are reconciled with.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { setup } = require("./harness.js");

const ROOT = path.resolve(__dirname, "../..");
const DEVICE = "/dev/tape/by-id/scsi-E2E0000LIB1";

let stateFile = null;
let bconsoleConf = null;

// The fake's library: 2 drives, 4 storage slots (one a cleaning cartridge),
// 2 mail slots, one of them full.
const LIBRARY = {
    Device: DEVICE,
    Drives: [{}, {}],
    Slots: [
        { Full: true, Tag: "A00001L8" }, { Full: true, Tag: "A00002L8" }, {}, { Full: true, Tag: "CLN001L1" },
        { MailSlot: true }, { MailSlot: true, Full: true, Tag: "B00001L8" },
    ],
    PadTags: true,
};

// Builds the fake mtx into this run's folder and points bamsd at it.
async function installFakeMtx(dir) {
    const tools = path.join(dir, "fake-tools");
    fs.mkdirSync(tools);
    const binary = path.join(tools, "fakemtx.bin");
    execFileSync("go", ["build", "-o", binary, "./backend/internal/testutil/fakemtx/cmd/fakemtx"], { cwd: ROOT, stdio: "inherit" });
    stateFile = path.join(dir, "fakemtx.json");
    fs.writeFileSync(stateFile, JSON.stringify(LIBRARY));
    fs.writeFileSync(path.join(tools, "mtx"), `#!/bin/sh\nFAKEMTX_STATE='${stateFile}' FAKE_ARGV0="$0" exec '${binary}' "$@"\n`, { mode: 0o755 });
    bconsoleConf = path.join(dir, "bacula", "etc", "bconsole.conf");
    return [
        "tools:",
        `  path: ${tools}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
        "tape:",
        "  changers:",
        "    - name: lib1",
        `      device: ${DEVICE}`,
        "      drives: [/dev/nst0, /dev/nst1]",
        "      bacula_storage: File",
    ];
}

const env = setup({ bacula: true, prepare: installFakeMtx });

const fakeState = () => JSON.parse(fs.readFileSync(stateFile, "utf8"));
const fakeMoves = () => fs.readFileSync(`${stateFile}.log`, "utf8").trim().split("\n")
        .map(l => JSON.parse(l).Args.slice(2).join(" ")).filter(a => a !== "status");

async function openLibrary(user) {
    const ui = await env.login(user, "/tape");
    await ui.frame.locator("[data-test=tape-changer][data-changer=lib1]").waitFor();
    return ui;
}

env.test("an operator sees the library: drives, slots and mail slots with their barcodes", async () => {
    const ui = await openLibrary("bamst-operator");
    const { frame } = ui;
    assert.equal(await frame.locator("[data-test=tape-drive]").count(), 2);
    const slot = n => frame.locator(`[data-test=tape-slot][data-slot="${n}"]`);
    assert.equal(await slot(1).locator("[data-test=tape-slot-barcode]").innerText(), "A00001L8");
    assert.equal(await slot(3).getAttribute("data-full"), "0");
    assert.equal(await slot(6).getAttribute("data-mail"), "1");
    assert.equal(await slot(6).locator("[data-test=tape-slot-barcode]").innerText(), "B00001L8");
    await ui.shot("tape-library");
});

env.test("a load runs as a task through the queue and the picture follows; a stale choice is refused before mtx runs", async () => {
    const ui = await openLibrary("bamst-operator");
    const { frame } = ui;
    await frame.locator("[data-test=tape-slot][data-slot='1']").click();
    const dialog = frame.locator("[data-test=tape-move-dialog]");
    await dialog.waitFor();
    assert.equal(await dialog.locator("[data-test=tape-move-kind]").inputValue(), "load");
    await dialog.locator("[data-test=tape-move-target]").selectOption("0");
    await dialog.locator("[data-test=tape-move-start]").click();
    await frame.locator("[data-test=tape-task] [data-test=task-state][data-state=succeeded]").waitFor({ timeout: 20000 });
    const drive0 = frame.locator("[data-test=tape-drive][data-drive='0']");
    await frame.locator("[data-test=tape-drive][data-drive='0'][data-full='1']").waitFor({ timeout: 10000 });
    assert.equal(await drive0.locator("[data-test=tape-drive-barcode]").innerText(), "A00001L8");
    assert.equal(fakeState().Drives[0].Tag, "A00001L8");
    await ui.shot("tape-loaded");

    // Someone takes A00002L8 out behind the page's back: the page still
    // shows it, bamsd checks a fresh status and refuses, mtx never moves.
    const st = fakeState();
    st.Slots[1] = {};
    fs.writeFileSync(stateFile, JSON.stringify(st));
    await frame.locator("[data-test=tape-slot][data-slot='2']").click();
    await dialog.waitFor();
    await dialog.locator("[data-test=tape-move-target]").selectOption("1");
    await dialog.locator("[data-test=tape-move-start]").click();
    const refusal = dialog.locator("[data-test=api-error][data-kind=conflict]");
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /slot 2 is empty/);
    assert.deepEqual(fakeMoves(), ["load 1 0"]);
    await ui.shot("tape-refused");
    await dialog.locator("button", { hasText: "Cancel" }).click();

    // Back where it came from.
    await drive0.click();
    await dialog.waitFor();
    assert.equal(await dialog.locator("[data-test=tape-move-kind]").inputValue(), "unload");
    await dialog.locator("[data-test=tape-move-start]").click();
    await frame.locator("[data-test=tape-drive][data-drive='0'][data-full='0']").waitFor({ timeout: 20000 });
    assert.deepEqual(fakeMoves(), ["load 1 0", "unload 1 0"]);
});

env.test("a viewer sees the library but cannot move anything", async () => {
    const ui = await openLibrary("bamst-viewer");
    const { frame } = ui;
    assert.equal(await frame.locator("[data-test=tape-drive][data-drive='0']").isDisabled(), true);
    assert.equal(await frame.locator("[data-test=tape-slot][data-slot='1']").isDisabled(), true);
    assert.equal(await frame.locator("[data-test=tape-inventory][data-denied-group=bams-operator]").count(), 1);
});

env.test("after a power cycle a drive holds a cartridge of unknown source: the page offers the slot it was last seen in", async () => {
    const st = fakeState();
    st.Drives[1] = { Full: true, Tag: "A00002L8" }; // seen in slot 2 by the first tests, which is free now
    fs.writeFileSync(stateFile, JSON.stringify(st));
    const ui = await openLibrary("bamst-operator");
    const { frame } = ui;
    const drive1 = frame.locator("[data-test=tape-drive][data-drive='1']");
    await frame.locator("[data-test=tape-drive][data-drive='1'][data-full='1']").waitFor();
    assert.match(await drive1.innerText(), /source slot unknown/);
    await drive1.click();
    const dialog = frame.locator("[data-test=tape-move-dialog]");
    await dialog.waitFor();
    assert.equal(await dialog.locator("[data-test=tape-move-kind]").inputValue(), "unload");
    assert.equal(await dialog.locator("[data-test=tape-move-target]").inputValue(), "2");
    await ui.shot("tape-unknown-source");
    await dialog.locator("[data-test=tape-move-start]").click();
    await frame.locator("[data-test=tape-drive][data-drive='1'][data-full='0']").waitFor({ timeout: 20000 });
    assert.equal(fakeState().Slots[1].Tag, "A00002L8");
    assert.equal(fakeMoves().at(-1), "unload 2 1");
});

env.test("media are listed with filters and reconciled with the real Bacula catalog", async () => {
    // A volume of the real catalog with the barcode of slot 1, placed by
    // the catalog in slot 3: the library has it in slot 1.
    const label = await env.api("POST", "/api/v1/backup/storage/volumes", { name: "A00001L8", pool: "FilePool" });
    assert.equal(label.status, 201, JSON.stringify(label.body));
    execFileSync("bconsole", ["-c", bconsoleConf], { input: "update volume=A00001L8 slot=3 inchanger=yes\nquit\n", timeout: 30000 });

    const ui = await env.login("bamst-operator", "/tape/media");
    const { frame } = ui;
    const row = frame.locator("[data-test=tape-media-table] [data-barcode=A00001L8]");
    await row.waitFor({ timeout: 15000 });
    assert.match(await row.innerText(), /FilePool/);
    await frame.locator("[data-test=tape-media-location]").selectOption("mail-slot");
    await frame.locator("[data-test=tape-media-table] [data-barcode=B00001L8]").waitFor();
    assert.equal(await frame.locator("[data-test=tape-media-table] [data-barcode]").count(), 1);

    const finding = frame.locator("[data-test=tape-finding][data-barcode=A00001L8]");
    await finding.waitFor({ timeout: 15000 });
    assert.equal(await finding.getAttribute("data-kind"), "wrong-slot");
    assert.match(await finding.innerText(), /in slot 1, but the catalog says slot 3/);
    assert.equal(await frame.locator("[data-test=tape-finding][data-barcode=CLN001L1]").count(), 0, "cleaning cartridges are not Bacula's");
    await ui.shot("tape-media");
});

env.test("a virtual library for mhvtl is planned: its files checked and the steps shown, nothing run", async () => {
    const ui = await env.login("bamst-viewer", "/tape/virtual");
    const { frame } = ui;
    await frame.locator("[data-test=virtual-field-slots]").fill("8");
    await frame.locator("[data-test=virtual-field-cartridges]").fill("3");
    await frame.locator("[data-test=virtual-generate]").click();
    const contents = frame.locator("[data-test=virtual-file][data-file='library_contents.10'] pre");
    await contents.waitFor();
    assert.match(await contents.innerText(), /Slot 3: BAM003L8/);
    assert.match(await frame.locator("[data-test=virtual-plan]").innerText(), /not packaged for Debian/);
    await frame.locator("[data-test=virtual-field-cartridges]").fill("9");
    await frame.locator("[data-test=virtual-generate]").click();
    await frame.locator("[data-test=virtual-problem-cartridges]").waitFor();
    await ui.shot("tape-virtual");
});
