// `make demo` as a newcomer runs it: the demo starts the whole appliance
// (bamsd, Cockpit, a Bacula stack, demo hosts over SSH) with data on every
// page, says so when run twice, and `make demo-stop` leaves nothing behind.
// The test logs in as the user the demo printed and visits every page of
// the plugin: no error alert, no console error, no failed request or API
// call, and each page shows the demo's data. A page a later feature adds
// belongs in PAGES below (and its part in the demo).
"use strict";

const assert = require("node:assert/strict");
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { setup } = require("./harness.js");
const leftovers = require("./leftovers.js");

const ROOT = path.resolve(__dirname, "../..");
const STATE = path.join(ROOT, "var", "demo.state");

// make TARGET in the checkout; resolves to { code, output } (stdout and stderr).
function make(target, timeoutMs) {
    return new Promise(resolve => {
        const child = spawn("make", ["--no-print-directory", "-C", ROOT, target], { stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", d => { output += d });
        child.stderr.on("data", d => { output += d });
        const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
        child.on("close", code => {
            clearTimeout(timer);
            resolve({ code, output });
        });
    });
}

const demo = { before: null, output: "", user: "", stopped: false, startMs: 0 };

const env = setup({
    appliance: {
        start: async () => {
            demo.before = leftovers.snapshot();
            const t0 = Date.now();
            const { code, output } = await make("demo", 5 * 60 * 1000);
            demo.startMs = Date.now() - t0;
            demo.output = output;
            if (code !== 0)
                throw new Error(`make demo failed (exit ${code}):\n${output}`);
            const login = output.match(/BAMS in Cockpit:\s+(http:\/\/127\.0\.0\.1:\d+)\/bams\s+user:\s+(\S+).*\n\s+password:\s+(\S+)/);
            if (!login)
                throw new Error(`make demo printed no login:\n${output}`);
            demo.user = login[2];
            return { base: login[1], password: login[3] };
        },
        stop: async () => {
            if (demo.stopped)
                return;
            demo.stopped = true;
            const { code, output } = await make("demo-stop", 2 * 60 * 1000);
            if (code !== 0)
                throw new Error(`make demo-stop failed (exit ${code}):\n${output}`);
        },
    },
});

const bamsdPid = () => (fs.readFileSync(STATE, "utf8").match(/^bamsd (\d+)$/m) || [])[1];

env.test("make demo prints the login, then a tour with the matching bamsctl commands", async () => {
    console.log(`make demo took ${demo.startMs} ms`);
    const tour = demo.output.slice(demo.output.indexOf("password:"));
    for (const step of [/"Back up now"/, /Retention plan/, /Dry run/, /Bacula > Jobs > BackupData > "Run now"/,
        /bamsctl backup run web1 --wait/, /bamsctl retention web1/, /bamsctl restore web1 \d{4}-\d\d-\d\dT\S+Z --to host --dry-run/,
        /bamsctl bacula run BackupData/, /Storage: the disks and what holds each/, /bamsctl disks/, /Repositories: /, /bamsctl repo list/, /make demo-stop/])
        assert.match(tour, step);
});

env.test("a second make demo says the demo runs and starts nothing", async () => {
    const pid = bamsdPid();
    const { code, output } = await make("demo", 60 * 1000);
    assert.equal(code, 0, output);
    assert.match(output, /already running/);
    assert.doesNotMatch(output, /password:/);
    assert.equal(bamsdPid(), pid);
});

// Every page of the plugin, with what shows that it holds the demo's data.
function pages(snap, webRoot) {
    return [
        ["/dashboard", "[data-test=tools-card] [data-tool=rsync][data-installed='1']"],
        ["/hosts", "[data-test=hosts-table] [data-host=web1]"],
        ["/hosts/web1", "[data-test=snapshots-table] [data-snapshot][data-state=complete]"],
        ["/hosts/web1/retention", "[data-test=plan-table] [data-snapshot][data-action=delete]"],
        [`/hosts/web1/snapshots/${snap}?path=${encodeURIComponent(webRoot)}`,
            "[data-test=files-table] [data-test=file-row][data-name='index.html']"],
        ["/hosts/files1", "[data-test=snapshots-table] [data-snapshot][data-state=complete]"],
        ["/repositories", "[data-test=repos-table] tr[data-repo=fast] [data-test=repo-health]"],
        ["/bacula", "[data-test=bacula-dashboard] [data-test=recent-runs] [data-jobid]"],
        ["/bacula/jobs", "[data-test=jobs-table] [data-job=BackupData]"],
        ["/bacula/jobs/BackupData", "[data-test=job-history] [data-jobid]"],
        ["/bacula/history", "[data-test=bacula-history] [data-jobid][data-job=BackupData][data-status=ok]"],
        ["/bacula/history/1", "[data-test=run-log]"],
        ["/bacula/clients", "[data-test=clients-table] [data-client=test-fd]"],
        ["/bacula/clients/test-fd", "[data-test=client-detail] [data-test=client-daemon]"],
        ["/bacula/pools", "[data-test=pools-table] [data-pool=FilePool]"],
        ["/bacula/volumes", "[data-test=volumes-table] [data-volume]"],
        ["/bacula/media", "[data-test=media-table] [data-medium]"],
        ["/bacula/console", "[data-test=console-rules]"],
        ["/storage", "[data-test=disks-table] [data-holder=btrfs]"],
        ["/storage/btrfs", "[data-test=btrfs-table] [data-label=demo-btrfs]"],
        ["/storage/lvm", "[data-test=lvs-table] [data-lv='demo-vg/repo']"],
        // No changer and no SCST on this machine: bamsd answers those reads with
        // 424 (tool missing), which these pages must ask for and explain.
        ["/tape", "[data-test=tape-none]", [/^API 424 Failed Dependency: GET \/api\/v1\/tape\/(library|drives|slots)$/]],
        ["/iscsi", "[data-test=targets-table] [data-target='iqn.2026-12.org.example.bams:demo']",
            [/^API 424 Failed Dependency: GET \/api\/v1\/iscsi\/sessions$/]],
        ["/tasks", "[data-test=tasks-table] [data-kind=backup][data-state=succeeded]"],
        ["/tasks/1", "[data-test=task-detail] [data-test=task-log]"],
        ["/audit", "[data-test=audit-table] [data-method=POST]"],
        ["/alerts", "[data-test=alerts-page] [data-test=notify-section]"],
        ["/logs?service=bamsd", "[data-test=log-entries] [data-test=log-entry]"],
        ["/snaptasks", "[data-test=snaptasks-table] tr[data-snaptask=demo-hourly]"],
        ["/snaptasks/demo-hourly/plan", "[data-test=plan-table] [data-snapshot][data-action=keep]"],
        // No ZFS on this machine: the ZFS half of Snapshots asks and says so.
        ["/snapshots", "[data-test=zfs-snapshots] [data-test=tool-missing]",
            [/^API 424 Failed Dependency: GET \/api\/v1\/(zfs\/snapshots|disk\/datasets)(\?.*)?$/]],
        [`/snapshots/btrfs?subvolume=${encodeURIComponent(path.join(ROOT, "var", "storage", "btrfs", "backups"))}`,
            "[data-test=btrfs-snapshots-table] [data-snapshot*='snaptask:demo-hourly']"],
        ["/replication", "[data-test=replications-table] tr[data-replication=demo-offsite] [data-test=replication-state][data-state=ok]"],
        ["/replication/demo-offsite", "[data-test=replication-history] [data-result=succeeded]"],
    ];
}

env.test("the printed user sees every page with the demo's data and no error", async () => {
    const snaps = (await env.api("GET", "/api/v1/hosts/web1/snapshots")).body.snapshots;
    const snap = snaps.find(s => s.state === "complete").name;
    const webRoot = (await env.api("GET", "/api/v1/hosts/web1")).body.paths[0];
    const ui = await env.login(demo.user);
    const problems = [];
    let seen = 0;
    for (const [hash, data, expected = []] of pages(snap, webRoot)) {
        await ui.visit(hash);
        await ui.frame.locator(data).first().waitFor({ timeout: 15000 })
                .catch(e => { throw new Error(`${hash} shows no data (${data}): ${e.message}`) });
        const alerts = ui.frame.locator("[data-test=api-error], [data-test=bacula-unavailable], .pf-v6-c-alert.pf-m-danger");
        if (await alerts.count())
            problems.push(`${hash}: error alert: ${await alerts.first().innerText()}`);
        await ui.shot(`demo${hash.split("?")[0].replace(/[^A-Za-z0-9]+/g, "-")}`);
        const all = ui.problems();
        const fresh = all.slice(seen);
        for (const re of expected) {
            if (!fresh.some(p => re.test(p)))
                problems.push(`${hash}: did not get the answer it explains (${re})`);
        }
        problems.push(...fresh.filter(p => !expected.some(re => re.test(p))).map(p => `${hash}: ${p}`));
        seen = all.length;
    }
    // the console answers from the demo's catalog
    await ui.visit("/bacula/console");
    await ui.frame.locator("[data-test=console-command]").fill("list volumes");
    await ui.frame.locator("[data-test=console-run]").click();
    await ui.frame.locator("[data-test=console-output]", { hasText: "Vol-0001" }).first().waitFor();
    await ui.shot("demo-bacula-console-list-volumes");
    problems.push(...ui.problems().slice(seen).map(p => `/bacula/console: ${p}`));
    assert.deepEqual(problems, []);
    // every demo run ended well: the overview's rate is a percentage, not 100 times one
    await ui.visit("/bacula");
    assert.equal(await ui.frame.locator("[data-test=stat-success-24h] [data-test=stat-value]").innerText(), "100 %");
});

// The tour's shell half, as root: browse, download and a restore dry run
// work on the seeded snapshots at once.
env.test("the tour's bamsctl commands browse, download and dry-run a restore", async () => {
    const snaps = (await env.api("GET", "/api/v1/hosts/web1/snapshots")).body.snapshots;
    const snap = snaps.find(s => s.state === "complete").name;
    const webRoot = (await env.api("GET", "/api/v1/hosts/web1")).body.paths[0];
    const files = env.bamsctl("-o", "json", "files", "web1", snap, webRoot);
    assert.ok(JSON.stringify(files).includes("index.html"), JSON.stringify(files));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bams-demo-"));
    const archive = path.join(dir, "www.tar.gz");
    try {
        execFileSync(path.join(ROOT, "bin", "bamsctl"), ["download", "web1", snap, webRoot, "--file", archive]);
        assert.match(execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }), /index\.html/);
    } finally {
        fs.rmSync(dir, { recursive: true });
    }
    // The oldest snapshot holds an older database dump than the host has now.
    const oldest = snaps.filter(s => s.state === "complete").at(-1).name;
    const dryRun = execFileSync(path.join(ROOT, "bin", "bamsctl"), ["restore", "web1", oldest, "--to", "host", "--dry-run"],
                                { encoding: "utf8" });
    assert.match(dryRun, /[1-9]\d* entr(y|ies) would change \(dry run: nothing changed\)/, dryRun);
    assert.match(dryRun, /shop\.sql/, dryRun);
});

env.test("make demo-stop stops it all and leaves nothing behind", async () => {
    await env.closeBrowser(); // the browser's own processes and sockets are not the demo's
    const t0 = Date.now();
    const { code, output } = await make("demo-stop", 2 * 60 * 1000);
    demo.stopped = true;
    assert.equal(code, 0, output);
    console.log(`make demo-stop took ${Date.now() - t0} ms`);
    assert.ok(!fs.existsSync(STATE), "var/demo.state is gone");
    assert.deepEqual(leftovers.leftSince(demo.before), []);
});
