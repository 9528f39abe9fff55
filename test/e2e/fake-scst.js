// SCST for the iSCSI browser test: SCST cannot run here, so bamsd gets the
// stateful fake scstadmin of backend/internal/testutil/fakescst (built
// now) first on its tools path, a folder standing in for SCST's sysfs
// tree, and its own scst.conf. Only this test's bamsd sees the fake.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const DEFAULT_TOOLS = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function startFakeSCST(work) {
    const tools = path.join(work, "tools");
    const sys = path.join(work, "sys");
    fs.mkdirSync(tools, { recursive: true });
    fs.mkdirSync(path.join(sys, "targets", "iscsi"), { recursive: true });
    const binary = path.join(work, "fakescst");
    execFileSync("go", ["build", "-o", binary, "./backend/internal/testutil/fakescst/cmd/fakescst"], { cwd: ROOT, stdio: "pipe" });
    const stateFile = path.join(work, "state.json");
    const state = () => JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const save = st => fs.writeFileSync(stateFile, JSON.stringify(st));
    save({ Running: "" });
    fs.writeFileSync(path.join(tools, "scstadmin"), `#!/bin/sh\nFAKESCST_STATE='${stateFile}' exec '${binary}' "$@"\n`, { mode: 0o755 });
    const configFile = path.join(work, "scst.conf");
    return {
        state,
        save,
        configFile,
        // calls are scstadmin's argv, in order.
        calls: () => (fs.existsSync(stateFile + ".log")
            ? fs.readFileSync(stateFile + ".log", "utf8").trim().split("\n").map(l => JSON.parse(l))
            : []),
        // session makes an initiator logged in to a target, seeing the
        // group's LUNs (as SCST's sysfs tree shows it).
        session: (target, group, initiator, luns) => {
            const base = path.join(sys, "targets", "iscsi", target);
            const lunsDir = path.join(base, "ini_groups", group, "luns");
            const sess = path.join(base, "sessions", initiator);
            fs.mkdirSync(path.join(sess, "192.0.2.50"), { recursive: true });
            fs.writeFileSync(path.join(sess, "192.0.2.50", "ip"), "192.0.2.50\n");
            for (const l of luns)
                fs.mkdirSync(path.join(lunsDir, String(l)), { recursive: true });
            fs.symlinkSync(`../../ini_groups/${group}/luns`, path.join(sess, "luns"));
        },
        configLines: [
            "tools:",
            `  path: ${tools}:${DEFAULT_TOOLS}`,
            "iscsi:",
            `  config_file: ${configFile}`,
            `  work_dir: ${path.join(work, "work")}`,
            `  sysfs_root: ${sys}`,
        ],
    };
}

module.exports = { startFakeSCST };
