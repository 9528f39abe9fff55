#!/bin/bash
# The storage part of `make demo` (scripts/demo.sh calls it): two loop
# devices over sparse files under ./var/storage (kept across demos, like
# the data on them): a btrfs filesystem "demo-btrfs" mounted on
# ./var/storage/btrfs with a subvolume, and an LVM volume group "demo-vg"
# with one logical volume. demo-seed.sh makes the repository "fast" a
# subvolume of the btrfs and puts files1 there. Without device-mapper (containers, this test
# machine) LVM runs metadata only, and bamsd is told so. No fake tools: ZFS
# shows only where it is really installed.
#   start   attach the images, make the filesystem and the VG the first time, mount
#   config  the lines of bamsd's config.yaml for LVM
#   stop    unmount, deactivate the VG, detach the loop devices (recorded ones only)
#   mountpoint  where the btrfs is mounted
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/demo-lib.sh"
WORK=$VAR/storage
MNT=$WORK/btrfs
VG=demo-vg

# Without a device-mapper driver (dmsetup cannot reach it) LVM can only
# write metadata: activation off, and no /etc/lvm/backup or archive files.
has_dm() { dmsetup version >/dev/null 2>&1; }
lvm_config() {
    has_dm || echo "global/activation=0 backup/backup=0 backup/archive=0"
}
lvm() { local c; c=$(lvm_config); "$@" ${c:+--config "$c"}; }

# attach IMAGE SIZE: the loop device over IMAGE (made sparse the first time), recorded.
attach() {
    [ -e "$WORK/$1" ] || truncate -s "$2" "$WORK/$1" || return 1
    local dev
    dev=$(losetup --find --show "$WORK/$1") || return 1
    record "loop $dev"
    echo "$dev"
}

start() {
    command -v mkfs.btrfs >/dev/null && command -v vgcreate >/dev/null || {
        echo "btrfs-progs and lvm2 are needed (scripts/deps-demo.txt)" >&2; return 1; }
    [ -e /dev/loop-control ] || { echo "no loop devices on this kernel: the demo shows no storage" >&2; return 0; }
    mkdir -p "$WORK" "$MNT"
    local b l
    b=$(attach btrfs.img 512M) && l=$(attach lvm.img 256M) || return 1
    [ -n "$(blkid -o value -s TYPE "$b")" ] || mkfs.btrfs -q -L demo-btrfs "$b" >/dev/null || return 1
    mountpoint -q "$MNT" || { mount -t btrfs "$b" "$MNT" && record "mount $MNT"; } || return 1
    [ -d "$MNT/backups" ] || btrfs -q subvolume create "$MNT/backups" >/dev/null || return 1
    lvm vgs "$VG" >/dev/null 2>&1 || lvm vgcreate -q "$VG" "$l" >/dev/null 2>>"$WORK/lvm.log" || return 1
    lvm lvs "$VG/repo" >/dev/null 2>&1 || lvm lvcreate -q -y -n repo -L 64M "$VG" >/dev/null 2>>"$WORK/lvm.log" || return 1
    echo "Storage: btrfs demo-btrfs on $b mounted on $MNT, LVM volume group $VG on $l"
}

config() {
    local c
    c=$(lvm_config)
    printf 'storage:\n  lvm_config: "%s"\n' "$c"
}

stop() {
    local m d
    for m in $(sed -n 's/^mount //p' "$STATE" 2>/dev/null | tac); do umount "$m" 2>/dev/null; done
    has_dm && vgchange -q -an "$VG" >/dev/null 2>&1
    for d in $(sed -n 's/^loop //p' "$STATE" 2>/dev/null | tac); do
        # only if it still is one of ours: its backing file is under ./var/storage
        losetup --noheadings -O BACK-FILE "$d" 2>/dev/null | grep -q "^$WORK/" && losetup --detach "$d"
    done
}

case "${1:-}" in
start) start ;;
config) config ;;
stop) stop ;;
mountpoint) echo "$MNT" ;;
*) echo "usage: $0 start|config|stop|mountpoint" >&2; exit 2 ;;
esac
