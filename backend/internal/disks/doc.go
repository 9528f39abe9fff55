// Package disks discovers block devices and says what holds each one, so
// that a pool, a volume group or a filesystem is only ever made from a
// disk nothing uses.
//
// It runs `lsblk --json --bytes -O` (util-linux), `blkid -o export` and
// `smartctl -j -a`, and parses their output with pure functions tested on
// recorded output in testdata/ (lsblk and blkid recorded on loop devices
// on this Debian 12 machine; smartctl from public samples, see
// testdata/README.md).
//
// Two findings shape the code. Where no udev runs (containers, this test
// machine) lsblk prints no FSTYPE, LABEL or UUID at all: it reads them from
// the udev database. blkid probes the devices itself, so its answer fills
// the gap (MergeBlkid). And smartctl's exit status is a bit mask that is
// non-zero for a healthy disk with an old error in its log, so its JSON is
// read whatever the exit code, and only a missing JSON answer is a failure.
//
// What holds a disk (Holders) is a pure function of lsblk's tree and the
// other tools' answers (LVM PVs, ZFS vdevs, btrfs devices), given in this
// package's own small types: a tool package knows only its tool and execx,
// so the storage service translates between them.
package disks
