// The one harness every browser test file uses. Per test file it starts its
// own bamsd (temp database) and cockpit-ws, puts the built plugin where
// Cockpit finds it, launches Debian's chromium through playwright-core, and
// stops all of it by PID afterwards. The machine-wide parts (system bus,
// polkitd, BAMS polkit policy, test users) come from `test/machine.sh up`.
//
//   const env = setup();                 // in a test file, at top level
//   env.test("name", async () => {
//       const ui = await env.login("bamst-admin");
//       await ui.frame.locator("[data-test=hostname]").waitFor();
//   });
//
// On failure a test's open pages are saved under artifacts/ and bamsd's log
// is printed. Files run one at a time (make test-e2e): they share the socket,
// the port and the plugin directory.
//
// A file that tests an appliance started another way (make demo) passes
// setup({ appliance: { start, stop } }): start() resolves to { base, password }
// of a running Cockpit with BAMS; the harness then starts no bamsd or
// cockpit-ws of its own, only the browser, and calls stop() after the tests.
"use strict";

const { after, before, test } = require("node:test");
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const BIN = process.env.BAMS_BIN || path.join(ROOT, "bin");
const SOCKET = "/run/bams/bams.sock";
const PORT = 19090;
const BASE = `http://127.0.0.1:${PORT}`;
const PLUGIN_SRC = path.join(ROOT, "cockpit", "dist");
const PLUGIN_DIR = "/usr/share/cockpit/bams";
const MACHINE_ENV = "/run/bams-test/env";
const CHROMIUM = "/usr/bin/chromium";
const COCKPIT_WS = "/usr/lib/cockpit/cockpit-ws";
const ARTIFACTS = path.join(__dirname, "artifacts");
// Flags verified on this machine (shared/recipes/cockpit-polkit).
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const { baculaMissing, startBacula } = require("./bacula-stack.js");
const { startStorage, storageMissing } = require("./storage-stack.js");
const { startFakeSCST } = require("./fake-scst.js");

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// What this machine lacks for the browser tests, or null. An appliance
// started another way needs no test users.
function missingPart(appliance) {
    if (process.getuid() !== 0)
        return "browser tests run as root (they start bamsd and cockpit-ws)";
    const needed = [
        ...(appliance ? [] : [[MACHINE_ENV, "run `bash test/machine.sh up` first"]]),
        [path.join(BIN, "bamsd"), "run `make build` first"],
        [path.join(BIN, "bamsctl"), "run `make build` first"],
        [path.join(PLUGIN_SRC, "manifest.json"), "run `make plugin` first"],
        [CHROMIUM, "install the chromium package"],
        [COCKPIT_WS, "install the cockpit-ws package"],
    ];
    for (const [file, hint] of needed)
        if (!fs.existsSync(file))
            return `${file} is missing: ${hint}`;
    return null;
}

function readMachineEnv() {
    const env = {};
    for (const line of fs.readFileSync(MACHINE_ENV, "utf8").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0)
            env[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return env;
}

// Does something accept connections on the socket?
function socketAnswers(socketPath) {
    return new Promise(resolve => {
        const c = net.connect(socketPath);
        c.on("connect", () => { c.destroy(); resolve(true) });
        c.on("error", () => resolve(false));
    });
}

function portAnswers(port) {
    return new Promise(resolve => {
        const c = net.connect(port, "127.0.0.1");
        c.on("connect", () => { c.destroy(); resolve(true) });
        c.on("error", () => resolve(false));
    });
}

// api calls bamsd directly as root (uid 0 may do everything): for setting
// the scene and for checking what the UI shows against the API.
function api(method, urlPath, body) {
    return new Promise((resolve, reject) => {
        const req = http.request({
            socketPath: SOCKET, method, path: urlPath,
            headers: body === undefined ? {} : { "Content-Type": "application/json" },
        }, res => {
            let data = "";
            res.setEncoding("utf8");
            res.on("data", chunk => { data += chunk });
            res.on("end", () => {
                try {
                    resolve({ status: res.statusCode, body: data ? JSON.parse(data) : null });
                } catch (e) {
                    reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${data}`));
                }
            });
        });
        req.on("error", reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

async function waitFor(what, check, timeoutMs, intervalMs = 50) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await check().catch(() => null);
        if (value)
            return value;
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(intervalMs);
    }
}

// A port nothing listens on at address right now.
function freePort(address) {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, address, () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

// A child process we started and must stop, with its output in a log file.
class Child {
    constructor(name, argv, logFile) {
        this.name = name;
        this.logFile = logFile;
        const fd = fs.openSync(logFile, "a");
        this.proc = spawn(argv[0], argv.slice(1), { stdio: ["ignore", fd, fd] });
        fs.closeSync(fd);
        this.exited = new Promise(resolve => this.proc.on("exit", (code, signal) => resolve({ code, signal })));
        this.done = false;
        this.exited.then(() => { this.done = true });
    }

    get pid() {
        return this.proc.pid;
    }

    async stop() {
        if (this.done)
            return;
        this.proc.kill("SIGTERM");
        const killed = await Promise.race([this.exited, sleep(5000).then(() => null)]);
        if (!killed) {
            this.proc.kill("SIGKILL");
            await this.exited;
        }
    }

    log() {
        try {
            return fs.readFileSync(this.logFile, "utf8");
        } catch {
            return "";
        }
    }
}

// PIDs of every process below pid (cockpit-ws -> cockpit-session ->
// cockpit-bridge), read before pid is stopped: afterwards they are orphans.
function descendants(pid) {
    const parent = new Map();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry))
            continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            parent.set(+entry, +stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        } catch {
            // the process ended while we looked
        }
    }
    const found = [];
    const walk = p => {
        for (const [child, ppid] of parent)
            if (ppid === p) {
                found.push(child);
                walk(child);
            }
    };
    walk(pid);
    return found;
}

function killQuietly(pid, signal) {
    try {
        process.kill(pid, signal);
    } catch {
        // already gone
    }
}

function slug(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

// A real sshd standing in for a backed-up host, on a loopback address
// (127.0.0.2, ...) and a free port, with its own host key; root may log in
// with the keys given to authorize(). The config (test/sshd) is shared
// with backend/internal/testenv/sshd.go.
async function startSSHD(dir, address) {
    fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // privilege separation folder
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const port = await freePort(address);
    const hostKey = path.join(dir, "host_ed25519");
    const authorizedKeys = path.join(dir, "authorized_keys");
    const config = path.join(dir, "sshd_config");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
    fs.writeFileSync(authorizedKeys, "", { mode: 0o600 });
    const template = fs.readFileSync(path.join(__dirname, "..", "sshd", "sshd_config.in"), "utf8");
    fs.writeFileSync(config, template.replace(/@ADDRESS@/g, address).replace(/@PORT@/g, String(port)).replace(/@DIR@/g, dir),
                     { mode: 0o600 });
    execFileSync("/usr/sbin/sshd", ["-t", "-f", config]);
    // -D: stays in the foreground, so the PID is the one we stop.
    const child = new Child("sshd", ["/usr/sbin/sshd", "-D", "-f", config, "-E", path.join(dir, "sshd.log")],
                            path.join(dir, "sshd.out"));
    await waitFor(`sshd on ${address}:${port}`, async () => {
        if (child.done)
            throw new Error(`sshd exited:\n${fs.readFileSync(path.join(dir, "sshd.log"), "utf8")}`);
        return new Promise(resolve => {
            const c = net.connect(port, address);
            c.on("connect", () => { c.destroy(); resolve(true) });
            c.on("error", () => resolve(false));
        });
    }, 5000, 20);
    return {
        address,
        port,
        authorize: publicKey => fs.writeFileSync(authorizedKeys, publicKey + "\n", { mode: 0o600 }),
        stop: () => child.stop(),
    };
}

// setup registers this file's before/after hooks and returns the test API.
// With { bacula: true } a real Bacula stack (bacula-stack.js) is started
// first and bamsd is pointed at it; with { storage: true } loop devices and
// the fake ZFS (storage-stack.js), as env.storage; with { scst: true } bamsd
// gets the fake scstadmin (fake-scst.js), as env.scst. prepare(dir), when
// given, runs before bamsd starts, in this run's temp folder, and returns
// more lines for bamsd's config.yaml (a test's fake tools on tools.path, say).
function setup({ bacula = false, storage = false, scst = false, appliance = null, prepare = null } = {}) {
    const missing = missingPart(appliance) || (bacula && baculaMissing()) || (storage && storageMissing());
    const required = process.env.BAMS_REQUIRE_INTEGRATION === "1";
    const env = {
        base: BASE,
        api,
        waitFor,
        skipReason: missing && !required ? missing : null,
    };
    const state = {
        dir: null, bamsd: null, ws: null, browser: null, pluginCreated: false, pages: [], config: null, sshds: [],
        bacula: null, storage: null, base: BASE,
    };

    env.startBamsd = async () => {
        state.bamsd = new Child("bamsd", [path.join(BIN, "bamsd"), "--config", state.config],
                                path.join(state.dir, "bamsd.log"));
        await waitFor("bamsd to answer /api/v1/health", async () => {
            if (state.bamsd.done)
                throw new Error("bamsd exited");
            return (await api("GET", "/api/v1/health")).status === 200;
        }, 15000).catch(e => {
            throw new Error(`${e.message}\n--- bamsd log ---\n${state.bamsd.log()}`);
        });
    };

    env.stopBamsd = async () => {
        if (state.bamsd)
            await state.bamsd.stop();
    };

    // A simulated host: a real sshd on address (loopback) that accepts
    // bamsd's key (GET /api/v1/ssh/key), stopped when the file's tests end.
    env.startHost = async (address = "127.0.0.2") => {
        const sshd = await startSSHD(path.join(state.dir, `sshd-${address}`), address);
        state.sshds.push(sshd);
        const key = await api("GET", "/api/v1/ssh/key");
        if (key.status !== 200)
            throw new Error(`ssh key: ${key.status} ${JSON.stringify(key.body)}`);
        sshd.authorize(key.body.public_key);
        return sshd;
    };

    // A folder with a few files to back up, under this run's temp folder.
    env.sourceTree = (name, files) => {
        const root = path.join(state.dir, "sources", name);
        for (const [file, content] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), content);
        }
        return root;
    };

    env.bamsdLog = () => (state.bamsd ? state.bamsd.log() : "");
    env.backupRoot = () => path.join(state.dir, "backups");

    // bamsctl as root, JSON output parsed.
    env.bamsctl = (...args) =>
        JSON.parse(execFileSync(path.join(BIN, "bamsctl"), args, { encoding: "utf8", timeout: 30000 }));

    // Starts a self-check as root and waits until it is finished.
    env.selfcheckAsRoot = async () => {
        const res = await api("POST", "/api/v1/system/selfcheck", {});
        if (res.status !== 202)
            throw new Error(`selfcheck: ${res.status} ${JSON.stringify(res.body)}`);
        return env.waitForTask(res.body.id);
    };

    env.waitForTask = id => waitFor(`task ${id} to finish`, async () => {
        const t = (await api("GET", `/api/v1/tasks/${id}`)).body;
        return ["succeeded", "failed", "cancelled"].includes(t.state) && t;
    }, 30000);

    // Logs user in through Cockpit's login page (PAM) and opens the plugin
    // at hash (e.g. "/tasks"). Resolves once the plugin shows its first data;
    // ui.loginMs is the time from pressing "Log in" to that moment.
    // ui.problems() lists what went wrong in the page since login: console
    // errors, failed HTTP requests, and failed API calls (they travel inside
    // Cockpit's WebSocket, so they are read from its control messages).
    env.login = async (user, hash = "", contextOptions = {}) => {
        const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
        const page = await context.newPage();
        const consoleLines = [];
        const problems = [];
        page.on("console", m => {
            consoleLines.push(`${m.type()}: ${m.text()}`);
            if (m.type() === "error")
                problems.push(`console error: ${m.text()}`);
        });
        page.on("pageerror", e => problems.push(`page error: ${e.message}`));
        page.on("requestfailed", r => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
        page.on("response", r => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
        const apiChannels = new Map(); // channel -> request, for those the page opened to bamsd's socket
        page.on("websocket", ws => {
            ws.on("framesent", ({ payload }) => {
                const msg = controlMessage(payload);
                if (msg?.command === "open" && msg.unix === SOCKET)
                    apiChannels.set(msg.channel, `${msg.method || ""} ${msg.path || ""}`.trim());
            });
            ws.on("framereceived", ({ payload }) => {
                const problem = apiProblem(controlMessage(payload), apiChannels);
                if (problem)
                    problems.push(problem);
            });
        });
        state.pages.push({ user, page, consoleLines });
        await page.goto(`${state.base}/bams${hash ? "#" + hash : ""}`);
        await page.fill("#login-user-input", user);
        await page.fill("#login-password-input", env.password);
        const t0 = Date.now();
        await page.click("#login-button");
        const frame = page.frameLocator("iframe[name='cockpit1:localhost/bams']");
        await frame.locator("body[data-ready='1']").waitFor({ timeout: 30000 });
        const loginMs = Date.now() - t0;
        problems.length = 0; // Cockpit's login page answers 401 before the password is sent
        recordTiming(`login-to-data ${user} #${hash || "/"}`, loginMs);
        return {
            page,
            frame,
            loginMs,
            // Follows a tab like a user would: no page reload.
            nav: async id => {
                await frame.locator(`[data-test=nav-${id}] button, button[data-test=nav-${id}]`).first().click();
            },
            // Opens a page of the plugin by its address (#/hosts/web1), as a
            // followed link would: no page reload.
            visit: hash => frame.locator("body").evaluate((_b, h) => { window.location.hash = h }, `#${hash}`),
            problems: () => problems.slice(),
            shot: name => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }),
            close: () => context.close(),
        };
    };

    env.test = (name, fn) => test(name, { skip: env.skipReason || false }, async t => {
        try {
            await fn(t);
        } catch (e) {
            await Promise.all(state.pages.map(({ page, user }, i) =>
                page.screenshot({ path: path.join(ARTIFACTS, `FAILED-${slug(name)}-${i}-${user}.png`) })
                        .catch(() => null)));
            for (const { user, consoleLines } of state.pages)
                if (consoleLines.length)
                    console.error(`--- browser console (${user}) ---\n${consoleLines.join("\n")}`);
            console.error(`--- bamsd log ---\n${env.bamsdLog()}`);
            if (state.bacula)
                console.error(state.bacula.logs());
            throw e;
        } finally {
            await Promise.all(state.pages.map(({ page }) => page.context().close().catch(() => null)));
            state.pages = [];
        }
    });

    env.closeBrowser = async () => {
        if (state.browser)
            await state.browser.close().catch(() => null);
        state.browser = null;
    };

    before(async () => {
        if (missing) {
            if (required)
                throw new Error(`BAMS_REQUIRE_INTEGRATION=1 but ${missing}`);
            return;
        }
        if (appliance) {
            fs.mkdirSync(ARTIFACTS, { recursive: true });
            ({ base: state.base, password: env.password } = await appliance.start());
            await launchBrowser(state);
            return;
        }
        if (await socketAnswers(SOCKET))
            throw new Error(`another bamsd is already serving ${SOCKET}: stop it first (make demo-stop)`);
        if (await portAnswers(PORT))
            throw new Error(`something already listens on 127.0.0.1:${PORT}: the tests need that port for cockpit-ws`);
        env.password = readMachineEnv().BAMS_TEST_PASSWORD;
        if (!env.password)
            throw new Error(`${MACHINE_ENV} has no BAMS_TEST_PASSWORD: run \`bash test/machine.sh up\``);

        fs.mkdirSync(ARTIFACTS, { recursive: true });
        state.dir = fs.mkdtempSync(path.join(os.tmpdir(), "bams-e2e-"));
        for (const d of ["backups", "restore", "ssh"])
            fs.mkdirSync(path.join(state.dir, d), { mode: 0o700 });
        if (bacula)
            state.bacula = await startBacula(path.join(state.dir, "bacula"));
        if (storage)
            state.storage = env.storage = startStorage(path.join(state.dir, "storage"));
        if (scst)
            env.scst = startFakeSCST(path.join(state.dir, "scst"));
        state.config = path.join(state.dir, "config.yaml");
        fs.writeFileSync(state.config, [
            `socket: ${SOCKET}`,
            `database: ${path.join(state.dir, "bams.db")}`,
            `backup_root: ${path.join(state.dir, "backups")}`,
            `restore_root: ${path.join(state.dir, "restore")}`,
            `ssh_key: ${path.join(state.dir, "ssh", "id_ed25519")}`,
            ...(state.bacula ? state.bacula.configLines : []),
            ...(state.storage ? state.storage.configLines : []),
            ...(env.scst ? env.scst.configLines : []),
            ...(prepare ? await prepare(state.dir) : []),
            "",
        ].join("\n"));

        installPlugin(state);
        await env.startBamsd();
        state.ws = new Child("cockpit-ws", [COCKPIT_WS, "--no-tls", "--port", String(PORT), "--address", "127.0.0.1"],
                             path.join(state.dir, "cockpit-ws.log"));
        await waitFor("cockpit-ws to answer", async () => {
            if (state.ws.done)
                throw new Error(`cockpit-ws exited:\n${state.ws.log()}`);
            return portAnswers(PORT);
        }, 10000);

        await launchBrowser(state);
    });

    after(async () => {
        await Promise.all(state.sshds.map(s => s.stop()));
        await env.closeBrowser();
        if (appliance && !missing)
            await appliance.stop();
        if (state.ws) {
            const sessions = descendants(state.ws.pid);
            await state.ws.stop();
            sessions.forEach(pid => killQuietly(pid, "SIGTERM"));
        }
        await env.stopBamsd();
        if (state.bacula)
            await state.bacula.stop();
        if (state.storage)
            state.storage.stop();
        if (state.pluginCreated)
            fs.rmSync(PLUGIN_DIR, { recursive: true, force: true });
        if (state.dir && !process.env.BAMS_E2E_KEEP)
            fs.rmSync(state.dir, { recursive: true, force: true });
    });

    return env;
}

async function launchBrowser(state) {
    const { chromium } = require("playwright-core");
    state.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// The control message one frame of Cockpit's WebSocket carries, or null.
// Control messages have an empty channel: "\n{json}".
function controlMessage(payload) {
    if (typeof payload !== "string" || !payload.startsWith("\n"))
        return null;
    try {
        return JSON.parse(payload.slice(1));
    } catch {
        return null;
    }
}

// A failed API call, or null: an HTTP answer of 400 or more on a channel to
// bamsd's socket, or such a channel closed with a problem.
function apiProblem(msg, apiChannels) {
    if (!msg || !apiChannels.has(msg.channel))
        return null;
    if (msg.command === "response" && msg.status >= 400)
        return `API ${msg.status} ${msg.reason || ""}: ${apiChannels.get(msg.channel)}`;
    if (msg.command === "close" && msg.problem)
        return `API ${apiChannels.get(msg.channel)}: ${msg.problem} ${msg.message || ""}`;
    return null;
}

// Cockpit serves plugins from /usr/share/cockpit. Ours is copied there, not
// linked: the bridge runs as the test user, who may not be able to read a
// checkout under /root. A link to this very dist/ (make demo) is fine too;
// anything else would be tested instead of this checkout's plugin: refuse.
function installPlugin(state) {
    const marker = path.join(PLUGIN_DIR, ".bams-e2e");
    if (lexists(PLUGIN_DIR)) {
        if (realpath(PLUGIN_DIR) === realpath(PLUGIN_SRC))
            return;
        if (!fs.existsSync(marker))
            throw new Error(`${PLUGIN_DIR} exists and is not this checkout's cockpit/dist: remove it (or the bams package) first`);
        fs.rmSync(PLUGIN_DIR, { recursive: true }); // left by an interrupted run
    }
    fs.cpSync(PLUGIN_SRC, PLUGIN_DIR, { recursive: true });
    fs.writeFileSync(marker, "copied by test/e2e/harness.js; removed when the tests end\n");
    state.pluginCreated = true;
}

function lexists(p) {
    try {
        fs.lstatSync(p);
        return true;
    } catch {
        return false;
    }
}

function realpath(p) {
    try {
        return fs.realpathSync(p);
    } catch {
        return null;
    }
}

// Timings to report (time from "Log in" to the plugin's first data),
// collected across test files in artifacts/timings.txt.
function recordTiming(name, ms) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.appendFileSync(path.join(ARTIFACTS, "timings.txt"), `${new Date().toISOString()} ${name} ${ms} ms\n`);
}

module.exports = { setup };
