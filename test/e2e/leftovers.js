// What a machine-wide tool (make demo) may leave behind, taken before it
// starts and compared after it stopped: users and groups, processes, mounts,
// loop devices, listening sockets and the files it may create outside its
// checkout. The machine is shared, so processes are compared by what they
// run: only new ones running a program the demo starts count, or any
// process of a user that did not exist before.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

// Programs the demo starts (directly or through bamsd and the bridge).
const DEMO_PROGRAMS = /(^|\/)(bamsd|bamsctl|bacula-(dir|sd|fd)|bconsole|sshd|ssh|rsync|cockpit-[a-z]+|polkitd|dbus-daemon|sqlite3)$/;

// Folders outside the checkout where the demo creates something.
const WATCHED_DIRS = ["/run", "/run/bams", "/run/sshd", "/usr/share/cockpit", "/etc/polkit-1/rules.d",
    "/usr/share/polkit-1/actions", "/home", "/root"];

function read(file) {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return "";
    }
}

function lines(text) {
    return text.split("\n").filter(Boolean);
}

// Every live process (zombies count as gone: PID 1 may reap them slowly)
// but kernel threads, with its pid, uid, parent and argv.
function processes() {
    const found = new Map();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry))
            continue;
        const stat = read(`/proc/${entry}/stat`);
        const status = read(`/proc/${entry}/status`);
        const argv = read(`/proc/${entry}/cmdline`).split("\0").filter(Boolean);
        if (!stat || !argv.length)
            continue; // gone, or a kernel thread
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] === "Z")
            continue;
        const uid = +(status.match(/^Uid:\s+(\d+)/m) || [])[1];
        // keyed with the start time (field 22), so a recycled pid is a new process
        found.set(`${entry}:${fields[19]}`, { pid: +entry, ppid: +fields[1], uid, argv });
    }
    return found;
}

// Processes below pid (the test's own: its browser, its make), so they are
// not taken for leftovers.
function below(procs, pid) {
    const mine = new Set([pid]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const p of procs.values())
            if (!mine.has(p.pid) && mine.has(p.ppid)) {
                mine.add(p.pid);
                grew = true;
            }
    }
    return mine;
}

// Listening TCP sockets (address:port in /proc's hex) and named Unix ones.
function listening() {
    const tcp = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap(f => lines(read(f)).slice(1)
            .map(l => l.trim().split(/\s+/)).filter(c => c[3] === "0A").map(c => `tcp ${c[1]}`));
    // /proc/net/unix: Num RefCount Protocol Flags Type St Inode Path; Flags 00010000 = listening
    const unix = lines(read("/proc/net/unix")).slice(1).map(l => l.trim().split(/\s+/))
            .filter(c => c[3] === "00010000" && c[7] && c[7].startsWith("/")).map(c => `unix ${c[7]}`);
    return [...new Set([...tcp, ...unix])].sort();
}

function mounts() {
    return lines(read("/proc/self/mountinfo")).map(l => {
        const c = l.split(" ");
        const dash = c.indexOf("-");
        return `${c[4]} ${c[dash + 1]} ${c[dash + 2]}`; // mount point, type, source
    }).sort();
}

function loopDevices() {
    let names = [];
    try {
        names = fs.readdirSync("/sys/block").filter(n => n.startsWith("loop"));
    } catch {
        // no /sys/block
    }
    return names.map(n => `${n} ${read(`/sys/block/${n}/loop/backing_file`).trim()}`)
            .filter(l => !l.endsWith(" ")).sort();
}

function files() {
    return WATCHED_DIRS.flatMap(d => {
        try {
            return fs.readdirSync(d).map(n => path.join(d, n));
        } catch {
            return [];
        }
    }).sort();
}

function snapshot() {
    return {
        passwd: lines(read("/etc/passwd")).sort(),
        group: lines(read("/etc/group")).sort(),
        shadowUsers: lines(read("/etc/shadow")).map(l => l.split(":")[0]).sort(),
        processes: processes(),
        listening: listening(),
        mounts: mounts(),
        loopDevices: loopDevices(),
        files: files(),
    };
}

function added(before, after) {
    const had = new Set(before);
    return after.filter(x => !had.has(x));
}

// What exists now that did not in before, as readable lines ([] if nothing).
function leftSince(before) {
    const now = snapshot();
    const problems = [];
    for (const key of ["passwd", "group", "shadowUsers", "listening", "mounts", "loopDevices", "files"]) {
        for (const x of added(before[key], now[key]))
            problems.push(`${key}: added ${x}`);
        for (const x of added(now[key], before[key]))
            problems.push(`${key}: removed ${x}`);
    }
    const oldUids = new Set(before.passwd.map(l => +l.split(":")[2]));
    const mine = below(now.processes, process.pid);
    for (const [key, p] of now.processes) {
        if (before.processes.has(key) || mine.has(p.pid))
            continue;
        // an sshd session names itself "sshd: root@notty"
        if (DEMO_PROGRAMS.test(p.argv[0].split(/[ :]/)[0]) || !oldUids.has(p.uid))
            problems.push(`process ${p.pid} (uid ${p.uid}): ${p.argv.join(" ")}`);
    }
    return problems;
}

module.exports = { snapshot, leftSince };
