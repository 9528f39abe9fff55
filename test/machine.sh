#!/bin/bash
# Machine-wide parts the integration and browser tests share, set up once per
# `make test` (they exist once per machine, so tests never fight
# over them):
#   - the system D-Bus and polkitd (started here when none runs; stopped by PID)
#   - the BAMS polkit policy and rules from polkit/
#   - the groups bams-viewer, bams-operator, bams-admin and one test user each,
#     plus an outsider in none of them, all with the password in $PASSWORD
#
#   test/machine.sh up     set up (idempotent) and write /run/bams-test/env
#   test/machine.sh down   undo exactly what `up` did
set -uo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/scripts/lib.sh"
STATE=/run/bams-test
PASSWORD='Bams-test-pw-1'
USERS="bamst-outsider: bamst-viewer:bams-viewer bamst-operator:bams-operator bamst-admin:bams-admin"
GROUPS_="bams-viewer bams-operator bams-admin"

up() {
    mkdir -p "$STATE"
    install -m 644 "$HERE/polkit/org.bams.policy" /usr/share/polkit-1/actions/org.bams.policy
    mkdir -p /etc/polkit-1/rules.d
    install -m 644 "$HERE/polkit/50-bams.rules" /etc/polkit-1/rules.d/50-bams.rules
    for g in $GROUPS_; do
        getent group "$g" >/dev/null || { groupadd --system "$g" && echo "$g" >>"$STATE/groups"; }
    done
    for spec in $USERS; do
        u=${spec%%:*} g=${spec#*:}
        if ! id "$u" >/dev/null 2>&1; then
            useradd -m -s /bin/bash ${g:+-G "$g"} "$u" && echo "$u" >>"$STATE/users"
        fi
        echo "$u:$PASSWORD" | chpasswd
    done

    if ! busctl --system list >/dev/null 2>&1; then
        rm -f /run/dbus/pid; mkdir -p /run/dbus
        dbus-daemon --system --fork --print-pid=3 3>"$STATE/dbus.pid" || { echo "cannot start the system bus"; exit 1; }
    fi
    if [ -z "$(bus_owner_pid org.freedesktop.PolicyKit1)" ]; then
        # started by us, so we own its PID (bus activation would hide it)
        /usr/lib/polkit-1/polkitd --no-debug >"$STATE/polkitd.log" 2>&1 &
        echo $! >"$STATE/polkitd.pid"
        for _ in $(seq 100); do [ -n "$(bus_owner_pid org.freedesktop.PolicyKit1)" ] && break; sleep 0.05; done
    fi
    [ -n "$(bus_owner_pid org.freedesktop.PolicyKit1)" ] || { echo "polkitd did not start"; cat "$STATE/polkitd.log"; exit 1; }
    sleep 0.3 # polkitd reads new actions and rules through inotify
    {
        echo "BAMS_TEST_PASSWORD=$PASSWORD"
        echo "BAMS_TEST_USERS=bamst-outsider,bamst-viewer,bamst-operator,bamst-admin"
    } >"$STATE/env"
    echo "test machine ready: system bus, polkitd $(bus_owner_pid org.freedesktop.PolicyKit1), users $(echo $USERS | tr ' ' '\n' | cut -d: -f1 | tr '\n' ' ')"
}

down() {
    [ -d "$STATE" ] || return 0
    local u p
    for u in $(cat "$STATE/users" 2>/dev/null); do
        for p in $(ps -u "$u" -o pid= 2>/dev/null); do stop_pid "$p"; done # e.g. a leaked dbus-daemon --session
        userdel -r "$u" 2>/dev/null
    done
    for g in $(cat "$STATE/groups" 2>/dev/null); do groupdel "$g" 2>/dev/null; done
    [ -f "$STATE/polkitd.pid" ] && stop_pid "$(cat "$STATE/polkitd.pid")"
    if [ -f "$STATE/dbus.pid" ]; then stop_pid "$(cat "$STATE/dbus.pid")"; rm -f /run/dbus/pid; fi
    rm -rf "$STATE"
}

case "${1:-}" in
up) up ;;
down) down ;;
*) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
