// A real Bacula 9.6 stack for the browser tests, as
// backend/internal/testenv/bacula.go builds it for the Go tests (the configs
// are its templates): a director with an SQLite3 catalog, a storage daemon
// with a File device and a file daemon, on free loopback ports, in a folder
// of the test run. No systemd: each daemon runs in the foreground (-f) as
// our child and is stopped by PID. The director includes every *.conf of
// etc/bams.d, where bamsd writes the jobs and pools it creates.
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

const SCHEMA = "/usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3";
const NEEDED = ["/usr/sbin/bacula-dir", "/usr/sbin/bacula-sd", "/usr/sbin/bacula-fd", "/usr/sbin/bconsole",
    "/usr/bin/sqlite3", SCHEMA];

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// What of Bacula is missing here (scripts/deps-bacula.txt), or null.
function baculaMissing() {
    const gone = NEEDED.find(f => !fs.existsSync(f));
    return gone ? `${gone} is not installed (scripts/deps-bacula.txt)` : null;
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

// Whether every port has a LISTEN socket on 127.0.0.1, read from
// /proc/net/tcp: a test connection would make the director log a
// security alert.
function listening(ports) {
    const tcp = fs.readFileSync("/proc/net/tcp", "utf8");
    return ports.every(p => new RegExp(`^\\s*\\d+: 0100007F:${p.toString(16).toUpperCase().padStart(4, "0")} \\S+ 0A `, "m").test(tcp));
}

// The config templates are shared with the Go tests' stack (testenv/bacula.go).
const TEMPLATES = Object.fromEntries(["bacula-dir.conf", "bacula-sd.conf", "bacula-fd.conf", "bconsole.conf"].map(
    name => [name, fs.readFileSync(path.join(__dirname, "..", "bacula", name + ".in"), "utf8")]));

// Starts the stack under work and resolves once all three daemons listen;
// the answer's configLines go into bamsd's config.yaml.
async function startBacula(work) {
    const ports = { DIR_PORT: await freePort(), FD_PORT: await freePort(), SD_PORT: await freePort() };
    for (const d of ["etc/bams.d", "dir", "sd", "fd", "run", "log", "storage", "data/sub", "restore"])
        fs.mkdirSync(path.join(work, d), { recursive: true, mode: 0o755 });
    const data = path.join(work, "data");
    fs.writeFileSync(path.join(data, "a.txt"), "alpha\n");
    fs.writeFileSync(path.join(data, "sub", "b.txt"), "beta\n");
    fs.writeFileSync(path.join(data, "random.bin"), crypto.randomBytes(1 << 20));
    const fill = text => text.replace(/@(WORKDIR|DIR_PORT|FD_PORT|SD_PORT)@/g, (_m, k) => (k === "WORKDIR" ? work : String(ports[k])));
    const etc = path.join(work, "etc");
    for (const [name, text] of Object.entries(TEMPLATES))
        fs.writeFileSync(path.join(etc, name), fill(text), { mode: 0o600 });
    // The catalog is <director WorkingDirectory>/<dbname>.db.
    execFileSync("sqlite3", [path.join(work, "dir", "bacula.db")], { input: fs.readFileSync(SCHEMA) });
    const conf = d => path.join(etc, `bacula-${d}.conf`);
    for (const d of ["dir", "sd", "fd"])
        execFileSync(`/usr/sbin/bacula-${d}`, ["-t", "-c", conf(d)]);

    const daemons = [];
    const logs = () => ["dir", "sd", "fd"].map(d => {
        let text = "";
        try {
            text = fs.readFileSync(path.join(work, "log", `${d}.out`), "utf8");
        } catch {
            // not started
        }
        return `--- bacula-${d}\n${text}`;
    }).join("\n");
    const stop = async () => {
        for (const { proc, exited } of daemons.reverse()) {
            proc.kill("SIGTERM");
            if (!await Promise.race([exited, sleep(5000).then(() => false)])) {
                proc.kill("SIGKILL");
                await exited;
            }
        }
    };
    // sd and fd first: only the director needs them.
    for (const d of ["sd", "fd", "dir"]) {
        const fd = fs.openSync(path.join(work, "log", `${d}.out`), "a");
        const proc = spawn(`/usr/sbin/bacula-${d}`, ["-f", "-c", conf(d)], { stdio: ["ignore", fd, fd] });
        fs.closeSync(fd);
        const daemon = { proc, done: false };
        daemon.exited = new Promise(resolve => proc.on("exit", () => { daemon.done = true; resolve(true) }));
        daemons.push(daemon);
    }
    const want = [ports.SD_PORT, ports.FD_PORT, ports.DIR_PORT];
    for (const deadline = Date.now() + 10000; !listening(want);) {
        if (daemons.some(d => d.done) || Date.now() > deadline) {
            await stop();
            throw new Error(`the Bacula daemons did not all start listening\n${logs()}`);
        }
        await sleep(20);
    }
    return {
        work,
        logs,
        stop,
        configLines: [
            "bacula:",
            "  bconsole: bconsole",
            `  console_config: ${path.join(etc, "bconsole.conf")}`,
            "  director: bacula-dir",
            `  director_config: ${conf("dir")}`,
            `  resource_dir: ${path.join(etc, "bams.d")}`,
            "  storage_daemon: bacula-sd",
            `  storage_config: ${conf("sd")}`,
        ],
    };
}

module.exports = { baculaMissing, startBacula };
