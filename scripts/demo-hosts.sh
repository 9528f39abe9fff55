#!/bin/bash
# The demo hosts of `make demo` (scripts/demo.sh calls it): each is a real
# sshd on its own loopback address (127.0.0.x only: nothing leaves the
# machine), port 2222 (the machine's own sshd may hold *:22), with the test
# sshd's config template (test/sshd), serving sample data under
# ./var/hosts/<name>:
#   web1   127.0.0.2  a small web root, and an SQLite database that the
#                     host's pre-backup command dumps into a pulled folder
#   files1 127.0.0.3  a few configuration files and documents
# Root logs in with the keys in ./var/hosts/<name>/sshd/authorized_keys,
# where `start` puts bamsd's public key (bamsd must be running).
#   start   create the data and host keys (both kept across demos), start
#           the sshds
#   stop    stop them by PID, with their sessions
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
HOSTS="web1:127.0.0.2 files1:127.0.0.3"
PORT=2222

sample_data() {
    local h=$1
    case "$h" in
    web1)
        mkdir -p "$VAR/hosts/$h"/{srv/www/css,srv/www/news,var/lib/shop,var/backups}
        printf '<!doctype html>\n<title>Example shop</title>\n<link rel=stylesheet href=css/site.css>\n<h1>Welcome</h1>\n' \
            >"$VAR/hosts/$h/srv/www/index.html"
        printf 'body { font-family: sans-serif; }\n' >"$VAR/hosts/$h/srv/www/css/site.css"
        printf '<p>We are open.</p>\n' >"$VAR/hosts/$h/srv/www/news/opening.html"
        head -c 300K /dev/urandom >"$VAR/hosts/$h/srv/www/logo.png"
        sqlite3 "$VAR/hosts/$h/var/lib/shop/shop.db" <<'SQL'
CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer TEXT, total_cents INTEGER, placed TEXT);
INSERT INTO orders (customer, total_cents, placed) VALUES
  ('Ada', 4200, '2026-01-05'), ('Grace', 1999, '2026-01-06'), ('Linus', 780, '2026-01-07');
SQL
        ;;
    files1)
        mkdir -p "$VAR/hosts/$h"/{etc/app,home/alice/reports}
        printf 'listen = 127.0.0.1:8080\nworkers = 4\n' >"$VAR/hosts/$h/etc/app/app.conf"
        printf 'Quarterly report\n================\nAll good.\n' >"$VAR/hosts/$h/home/alice/reports/q1.txt"
        printf 'Meeting notes\n' >"$VAR/hosts/$h/home/alice/notes.txt"
        head -c 1M /dev/urandom >"$VAR/hosts/$h/home/alice/photo.jpg"
        ;;
    esac
}

start_host() {
    local h=$1 addr=$2 dir=$VAR/hosts/$1/sshd
    if listening "$addr" "$PORT"; then
        echo "$addr:$PORT is taken: the demo host $h needs it" >&2
        return 1
    fi
    mkdir -p "$dir"
    [ -e "$VAR/hosts/$h/srv" ] || [ -e "$VAR/hosts/$h/etc" ] || sample_data "$h"
    # The host key is kept across demos: bamsd accepted it once.
    [ -e "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "$h" -f "$dir/host_ed25519" || return 1
    "${BAMSCTL[@]}" ssh-key >"$dir/authorized_keys" || return 1
    chmod 600 "$dir/authorized_keys"
    sed -e "s|@ADDRESS@|$addr|g" -e "s|@PORT@|$PORT|g" -e "s|@DIR@|$dir|g" \
        "$ROOT/test/sshd/sshd_config.in" >"$dir/sshd_config"
    /usr/sbin/sshd -t -f "$dir/sshd_config" || return 1
    # -D: sshd stays in the foreground, so the recorded PID is its own.
    spawn "sshd-$h" "$dir/sshd.out" /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log"
    wait_listening 5 "$addr:$PORT" || { echo "sshd of $h did not start:" >&2; tail -5 "$dir/sshd.log" >&2; return 1; }
}

start() {
    make_dir /run/sshd || return 1 # sshd's privilege separation folder; only its service start makes it
    local spec
    for spec in $HOSTS; do
        start_host "${spec%%:*}" "${spec#*:}" || return 1
    done
    echo "demo hosts are running: $(for s in $HOSTS; do printf '%s (%s:%s) ' "${s%%:*}" "${s#*:}" "$PORT"; done)"
}

stop() {
    local spec
    for spec in $HOSTS; do stop_recorded "sshd-${spec%%:*}"; done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
list) for s in $HOSTS; do echo "${s%%:*} ${s#*:} $PORT"; done ;;
*) echo "usage: $0 start|stop|list" >&2; exit 2 ;;
esac
