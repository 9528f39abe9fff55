// Storage for the browser tests: three loop devices over sparse files in
// the test run's folder, for real LVM (metadata only: no device-mapper
// here) and real btrfs, and the stateful fake zfs/zpool of the Go tests
// (backend/internal/testutil/fakezfs: ZFS cannot run here) on bamsd's
// tools path, which knows one loop device as its only disk. Stopping
// undoes what the tests left: mounts below the folder, the VGs and PVs on
// our loop devices, the loop devices themselves (ours only, by name).
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const LVM_CONFIG = "global/activation=0 backup/backup=0 backup/archive=0";
const TOOLS = ["losetup", "mkfs.btrfs", "btrfs", "pvcreate", "pvs", "vgremove", "pvremove", "lsblk", "blkid", "findmnt", "umount", "go"];

const installed = tool => (process.env.PATH || "").split(":").concat(["/usr/sbin", "/sbin"])
        .some(dir => fs.existsSync(path.join(dir, tool)));

function storageMissing() {
    if (process.getuid() !== 0)
        return "loop devices need root";
    if (!fs.existsSync("/dev/loop-control"))
        return "this kernel has no loop devices";
    const gone = TOOLS.find(t => !installed(t));
    if (gone)
        return `${gone} is not installed (scripts/deps-storage.txt)`;
    if (!fs.readFileSync("/proc/filesystems", "utf8").includes("btrfs"))
        return "this kernel has no btrfs";
    return null;
}

const PATH = `${process.env.PATH || ""}:/usr/sbin:/sbin`;
const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PATH } });
const quiet = (cmd, args) => { try { run(cmd, args) } catch { /* already gone */ } };

function attach(work, name, size) {
    const file = path.join(work, name);
    fs.writeFileSync(file, "");
    fs.truncateSync(file, size);
    return run("losetup", ["--find", "--show", file]).trim();
}

function startStorage(work) {
    fs.mkdirSync(work, { recursive: true });
    const loops = {
        lvm: attach(work, "lvm.img", 64 << 20),
        btrfs: attach(work, "btrfs.img", 256 << 20),
        zfs: attach(work, "zfs.img", 64 << 20),
    };
    const bin = path.join(work, "fakebin");
    fs.mkdirSync(bin);
    const program = path.join(work, "fakezfs");
    execFileSync("go", ["build", "-o", program, "./backend/internal/testutil/fakezfs/cmd/fakezfs"], { cwd: ROOT, stdio: "inherit" });
    const state = path.join(work, "fakezfs-state.json");
    fs.writeFileSync(state, JSON.stringify({ NoJSON: true, Disks: [loops.zfs], Pools: {}, Datasets: {}, Holds: {} }));
    for (const tool of ["zfs", "zpool"])
        fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nFAKEZFS_STATE=${state} FAKE_ARGV0="$0" exec ${program} ${tool} "$@"\n`, { mode: 0o755 });

    const stop = () => {
        for (const line of run("findmnt", ["-rn", "-o", "TARGET"]).split("\n").reverse()) {
            if (line.startsWith(work + "/"))
                quiet("umount", [line]);
        }
        const ours = Object.values(loops);
        let pvs = [];
        try {
            pvs = JSON.parse(run("pvs", ["--config", LVM_CONFIG, "--reportformat", "json", "-o", "pv_name,vg_name"])).report[0].pv;
        } catch { /* no LVM answer: nothing to undo */ }
        for (const pv of pvs.filter(p => ours.includes(p.pv_name))) {
            if (pv.vg_name)
                quiet("vgremove", ["--config", LVM_CONFIG, "-f", "-y", pv.vg_name]);
            quiet("pvremove", ["--config", LVM_CONFIG, "-y", pv.pv_name]);
        }
        for (const loop of ours)
            quiet("losetup", ["--detach", loop]);
    };
    return {
        dir: work,
        loops,
        zfsState: () => JSON.parse(fs.readFileSync(state, "utf8")),
        configLines: [
            "tools:",
            `  path: ${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
            "storage:",
            `  lvm_config: "${LVM_CONFIG}"`,
        ],
        stop,
    };
}

module.exports = { storageMissing, startStorage, LVM_CONFIG };
