#!/bin/bash
# `make demo` / `make demo-stop`: the whole appliance on this machine, no
# systemd needed.
#   start    install the polkit policy and rules and the three groups, start
#            the system bus and polkitd if none run, a Bacula stack
#            (demo-bacula.sh), a btrfs filesystem and an LVM volume group on
#            loop devices (demo-storage.sh), bamsd on /run/bams/bams.sock with its store
#            under ./var, the demo hosts (demo-hosts.sh), the Cockpit half
#            (demo-cockpit.sh), fill it with data (demo-seed.sh), and print
#            how to log in, where to click first and the matching bamsctl
#   running  exit 0 (saying so) when a demo already runs
#   stop     stop what start started, by PID, and undo what it created
# Everything it started or created outside ./var is listed in
# ./var/demo.state (see demo-lib.sh); data under ./var is kept for the next demo.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"

install_polkit() {
    local policy=/usr/share/polkit-1/actions/org.bams.policy rules=/etc/polkit-1/rules.d/50-bams.rules
    [ -e "$policy" ] || record policy
    [ -e "$rules" ] || record rules
    install -D -m 644 "$ROOT/polkit/org.bams.policy" "$policy"
    install -D -m 644 "$ROOT/polkit/50-bams.rules" "$rules"
    local g
    for g in bams-viewer bams-operator bams-admin; do
        getent group "$g" >/dev/null || { groupadd --system "$g" && record "group $g"; }
    done
}

start_bus() {
    if ! busctl --system list >/dev/null 2>&1; then
        rm -f /run/dbus/pid
        make_dir /run/dbus || return 1
        dbus-daemon --system --fork --print-pid=3 3>"$VAR/dbus.pid" || return 1
        record_pid dbus "$(cat "$VAR/dbus.pid")"
    fi
    if [ -z "$(bus_owner_pid org.freedesktop.PolicyKit1)" ]; then
        spawn polkitd "$VAR/polkitd.log" /usr/lib/polkit-1/polkitd --no-debug
        local _
        for _ in $(seq 100); do [ -n "$(bus_owner_pid org.freedesktop.PolicyKit1)" ] && break; sleep 0.05; done
    fi
    [ -n "$(bus_owner_pid org.freedesktop.PolicyKit1)" ] || { echo "polkitd did not start" >&2; return 1; }
}

start_bamsd() {
    cat >"$VAR/config.yaml" <<CFG
# written by scripts/demo.sh: everything but the socket lives under ./var
socket: $SOCKET
database: $VAR/bams.db
backup_root: $VAR/backups
restore_root: $VAR/restore
ssh_key: $VAR/ssh/id_ed25519
# the demo's bamsd is no systemd unit: its log is the file it writes
logs:
  journal: "off"
  bamsd:
    unit: bams.service
    file: $VAR/bamsd.log
# where an iSCSI apply stages scst.conf (none runs here: no SCST), kept in ./var
iscsi:
  work_dir: $VAR/scst
CFG
    bash "$ROOT/scripts/demo-bacula.sh" config >>"$VAR/config.yaml"
    bash "$ROOT/scripts/demo-storage.sh" config >>"$VAR/config.yaml"
    make_dir "$(dirname "$SOCKET")" || return 1
    # HOME under ./var: the tools bamsd runs keep their dotfiles there
    # (bconsole's history), not in root's home.
    mkdir -p "$VAR/home"
    spawn bamsd "$VAR/bamsd.log" env HOME="$VAR/home" "$BIN/bamsd" --config "$VAR/config.yaml"
    local _
    for _ in $(seq 100); do "${BAMSCTL[@]}" status >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "bamsd did not start:" >&2
    tail -20 "$VAR/bamsd.log" >&2
    return 1
}

# running: a demo already runs (its bamsd is alive); says so.
running() {
    local p
    p=$(pid_of bamsd)
    [ -n "$p" ] && ! gone "$p" || return 1
    echo "The demo is already running (bamsd pid $p, socket $SOCKET, Cockpit on http://127.0.0.1:9090)."
    echo "The login is in the output of the \`make demo\` that started it; \`make demo-stop\` stops it."
}

start() {
    mkdir -p "$VAR"
    running && return 0
    if "${BAMSCTL[@]}" status >/dev/null 2>&1; then
        echo "Another bamsd already serves $SOCKET (not started by this demo); stop it first." >&2
        return 1
    fi
    # What a demo that ended without demo-stop (a reboot, a kill) left recorded.
    [ -f "$STATE" ] && stop >/dev/null
    install_polkit && start_bus && bash "$ROOT/scripts/demo-bacula.sh" start && bash "$ROOT/scripts/demo-storage.sh" start &&
        start_bamsd || { stop; return 1; }
    echo "bamsd is running (pid $(pid_of bamsd)); checking the tools it drives:"
    "${BAMSCTL[@]}" selfcheck --wait >/dev/null 2>&1
    "${BAMSCTL[@]}" status | sed 's/^/  /'
    local login
    bash "$ROOT/scripts/demo-hosts.sh" start && login=$(bash "$ROOT/scripts/demo-cockpit.sh" start) &&
        bash "$ROOT/scripts/demo-seed.sh" || { stop; return 1; }
    echo "$login"
    tour
}

# The printed tour: what to click first, and the same from bamsctl, naming
# web1's oldest snapshot (newest first in the list) and its web root.
tour() {
    local snap
    snap=$("${BAMSCTL[@]}" snapshots list web1 | awk '$3 == "complete" {s = $1} END {print s}')
    sed -e "s|SNAPSHOT|${snap:-SNAPSHOT}|g" -e "s|WEBROOT|$VAR/hosts/web1/srv/www|g" <<'MSG'

Where to start (in Cockpit, Backup Appliance):
  1. Hosts > web1 > "Back up now": a pull backup over SSH with live progress; the
     host's pre-backup command dumps its shop database into a pulled folder first.
  2. web1 > "Retention plan": what its policy (keep the last 2) keeps and deletes, and why.
  3. web1 > its oldest snapshot: browse it, download a folder, then "Restore..." > "Dry run":
     what a restore would change on the host (its newer database dump), changing nothing.
  4. Bacula > Jobs > BackupData > "Run now": a real Bacula job, followed to its end;
     then History, Volumes and the Console (try `list volumes`).
  5. Storage: the disks and what holds each; btrfs > "Scrub" on demo-btrfs, followed live;
     LVM: the demo-vg volume group and its logical volume.
  6. Repositories: where backups go (files1's are in "fast", a btrfs subvolume on a loop
     device); "Create repository" makes another, and Delete refuses one in use, naming it.
  7. iSCSI: the desired target iqn.2026-12.org.example.bams:demo, kept by BAMS; "Review and apply"
     needs SCST, which this machine lacks, and says so. Tape: no changer here, and the page says so.
  8. Alerts and Logs: what bamsd found wrong, and its log, live.
  9. Snapshot tasks > demo-hourly > its plan: which of its btrfs snapshots pruning keeps, and why;
     Snapshots > btrfs: them by owner; Replication > demo-offsite > "Run now": an incremental
     btrfs send/receive over SSH, followed live, with its lag and history.
The same from the shell (bin/bamsctl, as root or a member of bams-*):
  bin/bamsctl status                                  # the appliance at a glance
  bin/bamsctl backup run web1 --wait                  # 1.
  bin/bamsctl retention web1                          # 2. (--apply --yes deletes what it shows)
  bin/bamsctl files web1 SNAPSHOT /       # 3. browse
  bin/bamsctl download web1 SNAPSHOT WEBROOT -f www.tar.gz
  bin/bamsctl restore web1 SNAPSHOT --to host --dry-run
  bin/bamsctl bacula run BackupData                   # 4.
  bin/bamsctl bacula history
  bin/bamsctl bacula console "list volumes"
  bin/bamsctl disks; bin/bamsctl btrfs list; bin/bamsctl vg list; bin/bamsctl lv list   # 5.
  bin/bamsctl repo list; bin/bamsctl repo rm fast         # 6. (refused: files1 uses it)
  bin/bamsctl iscsi target list                       # 7.
  bin/bamsctl alerts list; bin/bamsctl logs bamsd -f      # 8.
  bin/bamsctl snaptask plan demo-hourly; bin/bamsctl replication run demo-offsite --wait   # 9.
  bin/bamsctl tasks list; bin/bamsctl audit; bin/bamsctl events
Logs: var/bamsd.log, var/bacula/log/, var/hosts/*/sshd/sshd.log. Stop everything: make demo-stop
MSG
}

stop() {
    bash "$ROOT/scripts/demo-cockpit.sh" stop
    # bamsd first: it cancels its running backups and jobs on the way out.
    stop_recorded bamsd
    bash "$ROOT/scripts/demo-hosts.sh" stop
    bash "$ROOT/scripts/demo-bacula.sh" stop
    bash "$ROOT/scripts/demo-storage.sh" stop
    grep -q '^dbus ' "$STATE" 2>/dev/null && rm -f /run/dbus/pid
    stop_recorded polkitd dbus
    created policy && rm -f /usr/share/polkit-1/actions/org.bams.policy
    created rules && rm -f /etc/polkit-1/rules.d/50-bams.rules
    local g
    for g in bams-viewer bams-operator bams-admin; do
        created "group $g" && groupdel "$g" 2>/dev/null
    done
    remove_dirs
    rm -f "$STATE"
    echo "demo stopped"
}

case "${1:-}" in
start) start ;;
running) running ;;
stop) stop ;;
*) echo "usage: $0 start|running|stop" >&2; exit 2 ;;
esac
