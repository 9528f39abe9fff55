#!/bin/bash
# The demo's storage (scripts/demo.sh calls it): a btrfs on a loop device
# over a sparse file, ./var/storage/btrfs.img (kept across demos, like the
# rest of ./var), mounted on ./var/storage/btrfs. demo-seed.sh makes the
# repository "fast" a subvolume of it and puts files1 there.
#   start   attach the image (made and formatted the first time), mount it
#   stop    unmount it and detach the loop device, as recorded in demo.state
# Without btrfs in the kernel (or btrfs-progs) it says so and does nothing:
# files1 then stays in the default repository.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
IMAGE=$VAR/storage/btrfs.img
MNT=$VAR/storage/btrfs

# available: this machine can hold the demo's btrfs.
available() {
    grep -qw btrfs /proc/filesystems && command -v mkfs.btrfs >/dev/null && command -v losetup >/dev/null
}

start() {
    if ! available; then
        echo "no btrfs here (kernel or btrfs-progs): the demo has no btrfs repository" >&2
        return 0
    fi
    mountpoint -q "$MNT" && return 0
    mkdir -p "$MNT"
    [ -f "$IMAGE" ] || truncate -s 512M "$IMAGE" || return 1
    local loop
    loop=$(losetup --find --show "$IMAGE") || return 1
    record "loop $loop"
    # formatted once: a filesystem already there holds the last demo's backups
    local out
    if ! blkid -p "$loop" >/dev/null 2>&1; then
        out=$(mkfs.btrfs -q -L bams-demo "$loop" 2>&1) || { echo "$out" >&2; return 1; }
    fi
    mount -t btrfs "$loop" "$MNT" || return 1
    record "mount $MNT"
}

stop() {
    local m l
    for m in $(sed -n 's/^mount //p' "$STATE" 2>/dev/null | tac); do
        mountpoint -q "$m" && umount "$m"
    done
    for l in $(sed -n 's/^loop //p' "$STATE" 2>/dev/null | tac); do
        losetup "$l" 2>/dev/null | grep -qF "$IMAGE" && losetup --detach "$l"
    done
    return 0
}

case "${1:-}" in
start) start ;;
stop) stop ;;
mountpoint) echo "$MNT" ;;
*) echo "usage: $0 start|stop|mountpoint" >&2; exit 2 ;;
esac
