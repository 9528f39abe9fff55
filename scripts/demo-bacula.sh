#!/bin/bash
# The Bacula part of `make demo` (scripts/demo.sh calls it): a real Bacula
# director, storage daemon and file daemon on 127.0.0.1 with Bacula's own
# ports (9101-9103), an SQLite catalog and File storage, all under
# ./var/bacula. The configs are the test stack's templates (test/bacula), so
# the demo runs exactly what the tests verify.
#   start   write the configs, create the catalog and the data to back up
#           (both kept across demos), start sd, fd and dir, wait for bconsole
#   config  the lines of bamsd's config.yaml that point it at this stack
#   stop    stop the three daemons by PID
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
WORK=$VAR/bacula
ETC=$WORK/etc
DIR_PORT=9101 FD_PORT=9102 SD_PORT=9103
SCHEMA=/usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3

configure() {
    local d f
    for d in etc/bams.d dir sd fd run log storage data/site restore; do mkdir -p "$WORK/$d"; done
    mkdir -p "$VAR/home"
    for f in bacula-dir.conf bacula-sd.conf bacula-fd.conf bconsole.conf; do
        sed -e "s|@WORKDIR@|$WORK|g" -e "s|@DIR_PORT@|$DIR_PORT|g" -e "s|@FD_PORT@|$FD_PORT|g" \
            -e "s|@SD_PORT@|$SD_PORT|g" "$ROOT/test/bacula/$f.in" >"$ETC/$f"
        chmod 600 "$ETC/$f" # they hold the daemons' passwords
    done
    # The catalog is <director WorkingDirectory>/<dbname>.db; kept across
    # demos, like the volumes in storage/.
    [ -s "$WORK/dir/bacula.db" ] || sqlite3 "$WORK/dir/bacula.db" <"$SCHEMA" || return 1
    # What the director's jobs back up (the TestSet file set: data/).
    if [ ! -e "$WORK/data/README" ]; then
        echo "Files the demo's Bacula jobs back up (FileSet TestSet)." >"$WORK/data/README"
        printf '<h1>Intranet</h1>\n' >"$WORK/data/site/index.html"
        head -c 2M /dev/urandom >"$WORK/data/site/archive.bin"
    fi
    for d in dir sd fd; do
        "/usr/sbin/bacula-$d" -t -c "$ETC/bacula-$d.conf" || { echo "bacula-$d -t refused its config" >&2; return 1; }
    done
}

start() {
    local p
    for p in $DIR_PORT $FD_PORT $SD_PORT; do
        if listening 127.0.0.1 "$p"; then
            echo "127.0.0.1:$p is taken (a Bacula already running?): the demo's Bacula needs 9101-9103" >&2
            return 1
        fi
    done
    configure || return 1
    # sd and fd first: only the director needs them, and only once a job runs.
    for p in sd fd dir; do
        spawn "bacula-$p" "$WORK/log/$p.out" "/usr/sbin/bacula-$p" -f -c "$ETC/bacula-$p.conf"
    done
    if ! wait_listening 10 127.0.0.1:$SD_PORT 127.0.0.1:$FD_PORT 127.0.0.1:$DIR_PORT; then
        echo "the Bacula daemons did not all start:" >&2
        tail -5 "$WORK"/log/*.out >&2
        return 1
    fi
    # HOME: bconsole writes its history there (demo.sh gives bamsd the same).
    echo version | HOME=$VAR/home bconsole -c "$ETC/bconsole.conf" 2>&1 | grep -q 'Version: ' ||
        { echo "bconsole cannot talk to the director" >&2; return 1; }
    echo "Bacula is running: director test-dir on 127.0.0.1:$DIR_PORT, catalog $WORK/dir/bacula.db"
}

# bamsd's bacula section, as the tests' stack writes it (bacula-stack.js).
config() {
    cat <<CFG
bacula:
  bconsole: bconsole
  console_config: $ETC/bconsole.conf
  director: bacula-dir
  director_config: $ETC/bacula-dir.conf
  resource_dir: $ETC/bams.d
  storage_daemon: bacula-sd
  storage_config: $ETC/bacula-sd.conf
CFG
}

stop() {
    stop_recorded bacula-dir bacula-fd bacula-sd
}

case "${1:-}" in
start) start ;;
config) config ;;
stop) stop ;;
*) echo "usage: $0 start|config|stop" >&2; exit 2 ;;
esac
