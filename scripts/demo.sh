#!/bin/bash
# `make demo` / `make demo-stop`: the whole appliance on this machine, no
# systemd needed.
#   start  install the polkit policy and rules and the three groups, start
#          the system bus and polkitd if none run, start bamsd on
#          /run/bams/bams.sock with its store under ./var, run a selfcheck,
#          then the Cockpit half (scripts/demo-cockpit.sh), and print how to
#          log in and use bamsctl
#   stop   stop what start started, by PID, and undo what it created
# Everything it started or created is listed in ./var/demo.state.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
VAR=$ROOT/var
STATE=$VAR/demo.state
SOCKET=/run/bams/bams.sock
BIN=$ROOT/bin

created() { grep -qx "$1" "$STATE" 2>/dev/null; }
record() { echo "$1" >>"$STATE"; }
pid_of() { sed -n "s/^$1 //p" "$STATE" 2>/dev/null | tail -1; }

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
        mkdir -p /run/dbus
        dbus-daemon --system --fork --print-pid=3 3>"$VAR/dbus.pid" || return 1
        record "dbus $(cat "$VAR/dbus.pid")"
    fi
    if [ -z "$(bus_owner_pid org.freedesktop.PolicyKit1)" ]; then
        /usr/lib/polkit-1/polkitd --no-debug >"$VAR/polkitd.log" 2>&1 &
        record "polkitd $!"
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
CFG
    nohup "$BIN/bamsd" --config "$VAR/config.yaml" >>"$VAR/bamsd.log" 2>&1 &
    record "bamsd $!"
    local _
    for _ in $(seq 100); do "$BIN/bamsctl" --socket "$SOCKET" status >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "bamsd did not start:" >&2
    tail -20 "$VAR/bamsd.log" >&2
    return 1
}

start() {
    mkdir -p "$VAR"
    local running
    running=$(pid_of bamsd)
    if [ -n "$running" ] && ! gone "$running"; then
        echo "The demo is already running (bamsd pid $running, socket $SOCKET). \`make demo-stop\` stops it."
        return 0
    fi
    if "$BIN/bamsctl" --socket "$SOCKET" status >/dev/null 2>&1; then
        echo "Another bamsd already serves $SOCKET (not started by this demo); stop it first." >&2
        return 1
    fi
    rm -f "$STATE"
    install_polkit && start_bus && start_bamsd || { stop; return 1; }
    echo "bamsd is running (pid $(pid_of bamsd)); checking the tools it drives:"
    "$BIN/bamsctl" --socket "$SOCKET" selfcheck --wait >/dev/null 2>&1
    "$BIN/bamsctl" --socket "$SOCKET" status | sed 's/^/  /'
    bash "$ROOT/scripts/demo-cockpit.sh" start || { stop; return 1; }
    cat <<MSG

bamsctl (as root, or as a member of bams-viewer / bams-operator / bams-admin):
  bin/bamsctl status              the appliance at a glance
  bin/bamsctl selfcheck --wait    check the storage and backup tools again
  bin/bamsctl tasks list          background work; tasks show|wait|cancel ID
  bin/bamsctl audit               who changed what
  bin/bamsctl events              follow live progress
Logs: var/bamsd.log. Stop everything: make demo-stop
MSG
}

stop() {
    bash "$ROOT/scripts/demo-cockpit.sh" stop
    local p
    for name in bamsd polkitd dbus; do
        p=$(pid_of "$name")
        [ -n "$p" ] && stop_pid "$p"
    done
    created "dbus $(pid_of dbus)" && rm -f /run/dbus/pid
    created policy && rm -f /usr/share/polkit-1/actions/org.bams.policy
    created rules && rm -f /etc/polkit-1/rules.d/50-bams.rules
    for g in bams-viewer bams-operator bams-admin; do
        created "group $g" && groupdel "$g" 2>/dev/null
    done
    rm -f "$STATE"
    echo "demo stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
