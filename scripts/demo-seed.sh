#!/bin/bash
# Fills the running demo with real data the way an admin would, through
# bamsctl only (scripts/demo.sh calls it once everything runs):
#   - each demo host (scripts/demo-hosts.sh) is added, its key fingerprint
#     compared with the host's own and accepted (`host test`, `host accept-key`),
#     given a schedule, and backed up until it has three snapshots
#   - web1 gets a retention policy keeping the last two, so its plan shows a
#     deletion with its reason
#   - Bacula's BackupData job is run until the history holds two runs
#   - the repository "fast", a subvolume of the demo's btrfs (demo-storage.sh),
#     holds files1's backups (where the machine has btrfs)
#   - the snapshot task "demo-hourly" snapshots the btrfs subvolume "backups"
#     and has run three times, keeping the last two (where the machine has btrfs)
#   - the replication "demo-offsite" sends that subvolume's snapshots, btrfs
#     send/receive through files1's sshd (127.0.0.3, so the "other machine" is
#     this one), into the folder "replica" of the same btrfs; it has run twice
# Every step is skipped when already done, so a restarted demo (its ./var
# kept) is not seeded twice. Host backups and Bacula jobs run side by side.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
SNAPSHOTS=3
BACULA_RUNS=2
LOG=$VAR/demo-seed.log

ctl() { "${BAMSCTL[@]}" "$@"; }

add_host() {
    local h=$1 addr=$2 port=$3 d=$VAR/hosts/$1
    ctl host show "$h" >/dev/null 2>&1 && return 0
    case "$h" in
    web1) ctl host add "$h" --address "$addr" --port "$port" --path "$d/srv/www" --path "$d/var/backups" \
        --exclude '*.tmp' --pre-backup "sqlite3 $d/var/lib/shop/shop.db .dump > $d/var/backups/shop.sql" ;;
    *) ctl host add "$h" --address "$addr" --port "$port" --path "$d/etc" --path "$d/home" $(repository_flag) ;;
    esac
}

# repository: the btrfs-subvolume repository "fast", once, where the demo's
# btrfs is mounted.
repository() {
    local mnt
    mnt=$(bash "$ROOT/scripts/demo-storage.sh" mountpoint)
    mountpoint -q "$mnt" || return 0
    ctl repo show fast >/dev/null 2>&1 && return 0
    ctl repo create fast --kind btrfs-subvol --path "$mnt/fast" --wait >/dev/null
}

# snapshot_task: a snapshot task on the demo btrfs's subvolume "backups",
# run three times (a second apart: its names hold seconds), once.
snapshot_task() {
    local mnt i
    mnt=$(bash "$ROOT/scripts/demo-storage.sh" mountpoint)
    mountpoint -q "$mnt" || return 0
    ctl snaptask show demo-hourly >/dev/null 2>&1 && return 0
    ctl snaptask create demo-hourly --kind btrfs --target "$mnt/backups" --cron @hourly \
        --naming 'auto-%Y-%m-%d_%H-%M-%S' --keep-last 2 --minimum 1 >/dev/null || return 1
    for i in 1 2 3; do
        sleep 1
        ctl snaptask run demo-hourly >/dev/null || { echo "snapshot task demo-hourly failed" >&2; return 1; }
    done
}

# replication: a btrfs replication of the subvolume "backups" to files1's
# sshd (whose host key is checked against its key file, as accept_key does)
# into <btrfs>/replica, run twice (a full send, then an incremental), once.
replication() {
    local mnt own i
    mnt=$(bash "$ROOT/scripts/demo-storage.sh" mountpoint)
    mountpoint -q "$mnt" || return 0
    ctl replication show demo-offsite >/dev/null 2>&1 && return 0
    mkdir -p "$mnt/replica" || return 1
    ctl replication create demo-offsite --kind btrfs --source "$mnt/backups" --address 127.0.0.3 --port 2222 \
        --user root --folder "$mnt/replica" --keep-target 3 --keep-source 2 >/dev/null || return 1
    own=$(ssh-keygen -lf "$VAR/hosts/files1/sshd/host_ed25519.pub" | awk '{print $2}')
    ctl replication accept-key demo-offsite "$own" >/dev/null || return 1
    for i in 1 2; do
        ctl replication run demo-offsite --wait >/dev/null || { echo "replication demo-offsite failed" >&2; return 1; }
    done
}

repository_flag() { ctl repo show fast >/dev/null 2>&1 && echo "--repository fast"; }

# accept_key HOST: trust the key the host offers only if it is the one in
# the host's own key file, as `bamsctl host test` asks an admin to check.
accept_key() {
    local h=$1 own shown
    own=$(ssh-keygen -lf "$VAR/hosts/$h/sshd/host_ed25519.pub" | awk '{print $2}')
    shown=$(ctl host test "$h" 2>&1)
    grep -qF "$own (accepted)" <<<"$shown" && return 0
    grep -qF "$own" <<<"$shown" || { echo "$h: host test does not show the host's own key $own:"; echo "$shown"; return 1; } >&2
    ctl host accept-key "$h" "$own"
}

# back_up HOST: run backups until HOST has $SNAPSHOTS complete snapshots,
# changing its data in between as a live host would.
back_up() {
    local h=$1 n
    n=$(ctl snapshots list "$h" | grep -c complete)
    while [ "$n" -lt "$SNAPSHOTS" ]; do
        if [ "$h" = web1 ]; then
            sqlite3 "$VAR/hosts/$h/var/lib/shop/shop.db" \
                "INSERT INTO orders (customer, total_cents, placed) VALUES ('walk-in', $((RANDOM % 9000 + 100)), date('now'));"
            printf '<p>News of %s</p>\n' "$(date -u +%FT%TZ)" >"$VAR/hosts/$h/srv/www/news/$(date +%s%N).html"
        else
            date -u +"edited %FT%TZ" >>"$VAR/hosts/$h/home/alice/notes.txt"
        fi
        ctl backup run "$h" --wait >/dev/null || { echo "backup of $h failed (bamsctl tasks list --state failed)" >&2; return 1; }
        n=$((n + 1))
    done
}

seed_host() {
    local h=$1 addr=$2 port=$3
    add_host "$h" "$addr" "$port" && accept_key "$h" || return 1
    case "$h" in
    web1) ctl schedule "$h" --cron "15 2 * * *" >/dev/null &&
        ctl retention policy "$h" --keep-last 2 --minimum 1 --kinds all >/dev/null ;;
    *) ctl schedule "$h" --cron "45 3 * * 1-5" >/dev/null ;;
    esac || return 1
    back_up "$h"
}

bacula_runs() {
    local n
    n=$(ctl -o json bacula history | grep -c '"name": *"BackupData"')
    while [ "$n" -lt "$BACULA_RUNS" ]; do
        ctl bacula run BackupData >/dev/null || { echo "Bacula job BackupData failed" >&2; return 1; }
        n=$((n + 1))
    done
}

# iscsi_target: one target in the desired iSCSI state, once (SCST cannot run
# here, so it is never applied: the page shows it, its plan and why
# sessions cannot be read).
DEMO_TARGET=iqn.2026-12.org.example.bams:demo
iscsi_target() {
    ctl iscsi target show "$DEMO_TARGET" >/dev/null 2>&1 && return 0
    ctl iscsi target create "$DEMO_TARGET" --alias demo --initiator iqn.2026-12.org.example:client1 --no-chap >/dev/null
}

main() {
    local pids=() p failed=0 h addr port
    : >"$LOG"
    repository >>"$LOG" 2>&1 || { echo "creating the repository failed:" >&2; cat "$LOG" >&2; return 1; }
    iscsi_target >>"$LOG" 2>&1 || { echo "creating the iSCSI target failed:" >&2; cat "$LOG" >&2; return 1; }
    snapshot_task >>"$LOG" 2>&1 || { echo "the snapshot task failed:" >&2; cat "$LOG" >&2; return 1; }
    bacula_runs >>"$LOG" 2>&1 &
    pids+=($!)
    while read -r h addr port; do
        seed_host "$h" "$addr" "$port" >>"$LOG" 2>&1 &
        pids+=($!)
    done < <(bash "$ROOT/scripts/demo-hosts.sh" list)
    for p in "${pids[@]}"; do wait "$p" || failed=1; done
    [ "$failed" = 1 ] || replication >>"$LOG" 2>&1 || { echo "the replication failed:" >&2; failed=1; }
    if [ "$failed" = 1 ]; then
        echo "seeding the demo failed:" >&2
        cat "$LOG" >&2
        return 1
    fi
    echo "demo data: $(ctl host list | awk 'NR > 1 {printf "%s %s snapshots, ", $1, $4}')$(ctl bacula history | tail -n +2 | wc -l) Bacula runs"
}

main
