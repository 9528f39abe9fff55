// The Storage page against real storage: LVM (metadata only) and btrfs on
// loop devices, and the fake ZFS of the Go tests (ZFS cannot run here)
// knowing one loop device (storage-stack.js). Disks show what holds them;
// a volume group, a logical volume, a btrfs filesystem with subvolumes and a
// ZFS pool are made from free disks and removed with their names typed;
// scrubs are tasks whose progress shows live.
"use strict";

const assert = require("node:assert/strict");
const path = require("node:path");
const { setup } = require("./harness.js");

const env = setup({ storage: true });
const VG = `bamse2e${process.pid}`;

const holders = (frame, disk) => frame.locator(`[data-test=disks-table] tr[data-disk='${disk}'] [data-test=holders]`);

env.test("an admin sees every disk, free ones marked free", async () => {
    const ui = await env.login("bamst-admin", "/storage");
    const { frame } = ui;
    for (const disk of Object.values(env.storage.loops))
        await holders(frame, disk).locator("[data-test=free]").waitFor();
    await ui.shot("storage-disks");
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});

env.test("an admin makes a volume group and a logical volume, and removes the LV with its name typed", async () => {
    const { lvm } = env.storage.loops;
    const ui = await env.login("bamst-admin", "/storage/lvm");
    const { frame } = ui;
    await frame.locator("[data-test=storage-lvm]").waitFor();
    await frame.locator("[data-test=vg-create]").click();
    const vgForm = frame.locator("[data-test=vg-form]");
    await vgForm.locator("[data-test=vg-form-field-name]").fill(VG);
    await vgForm.locator(`[data-test=vg-form-disk][data-disk='${lvm}']`).check();
    await vgForm.locator("[data-test=vg-form-submit]").click();
    const vgRow = frame.locator(`[data-test=vgs-table] tr[data-vg='${VG}']`);
    await vgRow.waitFor();
    assert.match(await vgRow.innerText(), new RegExp(lvm));

    await frame.locator("[data-test=lv-create]").click();
    const lvForm = frame.locator("[data-test=lv-form]");
    await lvForm.locator("[data-test=lv-form-field-vg]").selectOption(VG);
    await lvForm.locator("[data-test=lv-form-field-name]").fill("repo1");
    await lvForm.locator("[data-test=lv-form-field-size]").fill("16M");
    await lvForm.locator("[data-test=lv-form-submit]").click();
    const lvRow = frame.locator(`[data-test=lvs-table] tr[data-lv='${VG}/repo1']`);
    await lvRow.waitFor();
    assert.match(await lvRow.innerText(), /linear/);
    const used = await frame.locator(`[data-test=vgs-table] tr[data-vg='${VG}'] [data-test=usage]`).getAttribute("data-percent");
    assert.ok(Number(used) > 20 && Number(used) < 35, `16M of a 64M disk's VG is ${used}% used`);
    await ui.shot("storage-lvm");

    // the disk is no longer free, and a pool on it is refused naming its VG
    const refused = await env.api("POST", "/api/v1/disk/pools", { name: "nope", data: [{ devices: [lvm] }] });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, new RegExp(`volume group ${VG}`));

    await lvRow.locator("[data-test=lv-remove]").click();
    const modal = frame.locator("[data-test=lv-remove-modal]");
    const confirm = modal.locator("[data-test=lv-remove-modal-confirm]");
    assert.equal(await confirm.isDisabled(), true, "nothing typed: nothing to confirm");
    await modal.locator("[data-test=lv-remove-modal-field-confirm]").fill(`${VG}/repo1`);
    await confirm.click();
    await lvRow.waitFor({ state: "detached" });

    await ui.visit("/storage");
    await holders(frame, lvm).locator("[data-holder=lvm-pv]").waitFor();
    assert.match(await holders(frame, lvm).innerText(), new RegExp(`LVM PV of ${VG}`));

    await ui.visit("/storage/lvm");
    await vgRow.locator("[data-test=vg-remove]").click();
    const vgModal = frame.locator("[data-test=vg-remove-modal]");
    await vgModal.locator("[data-test=vg-remove-modal-field-confirm]").fill(VG);
    await vgModal.locator("[data-test=vg-remove-modal-confirm]").click();
    await vgRow.waitFor({ state: "detached" });
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});

env.test("an admin makes a btrfs filesystem, subvolumes and a snapshot, and scrubs it live", async () => {
    const { btrfs } = env.storage.loops;
    const mnt = path.join(env.storage.dir, "mnt");
    const ui = await env.login("bamst-admin", "/storage/btrfs");
    const { frame } = ui;
    await frame.locator("[data-test=storage-btrfs]").waitFor();
    await frame.locator("[data-test=btrfs-create]").click();
    const form = frame.locator("[data-test=btrfs-form]");
    await form.locator("[data-test=btrfs-form-field-label]").fill("e2epool");
    await form.locator("[data-test=btrfs-form-field-mountpoint]").fill(mnt);
    await form.locator(`[data-test=btrfs-form-disk][data-disk='${btrfs}']`).check();
    await form.locator("[data-test=btrfs-form-submit]").click();
    const row = frame.locator("[data-test=btrfs-table] tr[data-label=e2epool]");
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(mnt));
    assert.match(await row.innerText(), /single \/ dup/);

    await row.locator("[data-test=btrfs-subvolumes]").click();
    const subs = frame.locator("[data-test=subvolumes]");
    await subs.locator("[data-test=subvolume-create]").click();
    await frame.locator("[data-test=subvolume-form-field-path]").fill(`${mnt}/data`);
    await frame.locator("[data-test=subvolume-form-submit]").click();
    const data = subs.locator(`tr[data-subvolume='${mnt}/data']`);
    await data.waitFor();
    await data.locator("[data-test=subvolume-snapshot]").click();
    await frame.locator("[data-test=subvolume-form-field-path]").fill(`${mnt}/data@1`);
    await frame.locator("[data-test=subvolume-form-submit]").click();
    const snap = subs.locator(`tr[data-subvolume='${mnt}/data@1']`);
    await snap.waitFor();
    assert.match(await snap.innerText(), /yes \(snapshot\)/);

    await snap.locator("[data-test=subvolume-delete]").click();
    const modal = frame.locator("[data-test=subvolume-delete-modal]");
    await modal.locator("[data-test=subvolume-delete-modal-field-confirm]").fill(`${mnt}/data@1`);
    await modal.locator("[data-test=subvolume-delete-modal-confirm]").click();
    await snap.waitFor({ state: "detached" });

    await row.locator("[data-test=btrfs-scrub]").click();
    await frame.locator("[data-test=btrfs-scrub-task][data-state=succeeded]").waitFor({ timeout: 60000 });
    await frame.locator("[data-test=btrfs-table] tr[data-label=e2epool] [data-test=btrfs-scrub-state]", { hasText: "finished" }).waitFor();
    await ui.visit("/storage");
    await holders(frame, btrfs).locator("[data-holder=btrfs]").waitFor();
    await ui.shot("storage-btrfs");
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});

env.test("an admin makes a ZFS pool (fake ZFS), follows its scrub live in the vdev tree view, and destroys it", async () => {
    const { zfs } = env.storage.loops;
    const ui = await env.login("bamst-admin", "/storage/pools");
    const { frame } = ui;
    await frame.locator("[data-test=storage-pools]").waitFor();
    await frame.locator("[data-test=pool-create]").click();
    const form = frame.locator("[data-test=pool-form]");
    await form.locator("[data-test=pool-form-field-name]").fill("tank");
    await form.locator("[data-test=pool-form-field-layout]").selectOption("");
    await form.locator(`[data-test=pool-form-disk][data-disk='${zfs}']`).check();
    await form.locator("[data-test=pool-form-submit]").click();
    const row = frame.locator("[data-test=pools-table] tr[data-pool=tank]");
    await row.locator("[data-test=health][data-health=ONLINE]").waitFor();
    assert.deepEqual(env.storage.zfsState().Pools.tank.Vdevs, [zfs]);

    await row.locator("a").click();
    const detail = frame.locator("[data-test=pool-detail][data-pool=tank]");
    await detail.locator(`[data-test=vdev-tree] tr[data-vdev='${zfs}'][data-state=ONLINE]`).waitFor();
    await detail.locator("[data-test=pool-scan][data-scan-state=none]").waitFor();
    await detail.locator("[data-test=pool-scrub]").click();
    await detail.locator("[data-test=pool-scrub-task][data-state=running]").waitFor();
    await detail.locator("[data-test=pool-scrub-task][data-state=succeeded]").waitFor({ timeout: 60000 });
    await detail.locator("[data-test=pool-scan][data-scan-state=finished]").waitFor();
    await ui.shot("storage-pool");

    await ui.visit("/storage");
    await holders(frame, zfs).locator("[data-holder=zfs-vdev]").waitFor();

    await ui.visit("/storage/pools");
    await row.locator("[data-test=pool-destroy]").click();
    const modal = frame.locator("[data-test=pool-destroy-modal]");
    await modal.locator("[data-test=pool-destroy-modal-field-confirm]").fill("tank");
    await modal.locator("[data-test=pool-destroy-modal-confirm]").click();
    await row.waitFor({ state: "detached" });
    assert.equal(env.storage.zfsState().Pools.tank, undefined);
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});

env.test("a viewer sees storage but may change nothing", async () => {
    const ui = await env.login("bamst-viewer", "/storage/pools");
    const { frame } = ui;
    await frame.locator("[data-test=pool-create][data-denied-group=bams-admin]").waitFor();
    await ui.visit("/storage/lvm");
    await frame.locator("[data-test=vg-create][data-denied-group=bams-admin]").waitFor();
    await ui.visit("/storage/btrfs");
    await frame.locator("[data-test=btrfs-table]").waitFor();
    await frame.locator("[data-test=btrfs-scrub][data-denied-group=bams-operator]").first().waitFor();
    assert.deepEqual(ui.problems(), []);
    await ui.close();
});
