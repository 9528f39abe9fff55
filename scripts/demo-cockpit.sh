#!/bin/bash
# The Cockpit half of `make demo` (scripts/demo.sh calls it once bamsd is up):
#   start  put the built plugin in /usr/share/cockpit/bams, start cockpit-ws on
#          http://127.0.0.1:9090 unless something (systemd's cockpit.socket)
#          already serves that port, and create the demo user bamsdemo in
#          bams-admin with a fresh random password, printed with the URL
#   stop   undo exactly what start did: stop cockpit-ws by PID with the
#          sessions below it, remove the demo user and the plugin if start
#          created them
# What it started and created is recorded in ./var/demo.state (demo-lib.sh).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
PLUGIN_SRC=$ROOT/cockpit/dist
PLUGIN_DIR=/usr/share/cockpit/bams
PORT=9090
DEMO_USER=bamsdemo
DEMO_GROUP=bams-admin

port_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# The bridge reads the plugin as the logged-in user: a link into a checkout
# only works when every folder above it lets others through (not /root).
readable_by_others() {
    runuser -u nobody -- test -r "$1/index.js" 2>/dev/null
}

install_plugin() {
    [ -f "$PLUGIN_SRC/manifest.json" ] || { echo "cockpit/dist is missing: run \`make plugin\` first" >&2; return 1; }
    if [ -e "$PLUGIN_DIR" ] || [ -L "$PLUGIN_DIR" ]; then
        if [ "$(readlink -f "$PLUGIN_DIR")" = "$(readlink -f "$PLUGIN_SRC")" ]; then
            return 0
        fi
        echo "note: $PLUGIN_DIR already exists (installed package?); leaving it as it is"
        return 0
    fi
    if readable_by_others "$PLUGIN_SRC"; then
        ln -s "$PLUGIN_SRC" "$PLUGIN_DIR"
    else
        cp -r "$PLUGIN_SRC" "$PLUGIN_DIR" # rebuilds need another `make demo` to show up
    fi
    record plugin
}

start_ws() {
    if port_answers; then
        echo "127.0.0.1:$PORT already answers (cockpit.socket?): using it"
        return 0
    fi
    spawn cockpit-ws "$VAR/cockpit-ws.log" /usr/lib/cockpit/cockpit-ws --no-tls --port "$PORT" --address 127.0.0.1
    local _
    for _ in $(seq 50); do port_answers && return 0; sleep 0.1; done
    echo "cockpit-ws did not start:" >&2
    cat "$VAR/cockpit-ws.log" >&2
    return 1
}

demo_user() {
    getent group "$DEMO_GROUP" >/dev/null || { groupadd --system "$DEMO_GROUP" && record cockpit-group; }
    if ! id "$DEMO_USER" >/dev/null 2>&1; then
        useradd -m -s /bin/bash -G "$DEMO_GROUP" "$DEMO_USER" && record cockpit-user
    else
        usermod -a -G "$DEMO_GROUP" "$DEMO_USER"
    fi
    PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)
    echo "$DEMO_USER:$PASSWORD" | chpasswd
}

start() {
    mkdir -p "$VAR"
    local p
    p=$(pid_of cockpit-ws)
    if [ -n "$p" ] && ! gone "$p"; then
        echo "the demo's cockpit-ws is already running (pid $p); run \`make demo-stop\` first" >&2
        return 1
    fi
    install_plugin && start_ws && demo_user || return 1
    cat <<EOF

BAMS in Cockpit:  http://127.0.0.1:$PORT/bams
  user:      $DEMO_USER   (group $DEMO_GROUP: may do everything)
  password:  $PASSWORD
(the password is new on every \`make demo\`; \`make demo-stop\` removes the user)
EOF
}

stop() {
    stop_recorded cockpit-ws
    if created cockpit-user; then
        local p
        for p in $(ps -u "$DEMO_USER" -o pid= 2>/dev/null); do stop_pid "$p"; done # its session's bridge, dbus
        userdel -r "$DEMO_USER" 2>/dev/null
    fi
    created cockpit-group && groupdel "$DEMO_GROUP" 2>/dev/null
    created plugin && rm -rf "$PLUGIN_DIR"
    return 0
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
