// Package lvm runs the LVM2 tools: it reads PVs, VGs and LVs from
// `pvs/vgs/lvs --reportformat json --units b --nosuffix` and creates and
// changes them (pvcreate, vgcreate, lvcreate including thin pools,
// lvextend, lvremove) from validated names and sizes.
//
// Reports are read from stdout only: LVM prints warnings and
// device-mapper complaints on stderr, and combined they land inside the
// JSON (recorded in testdata/transcript.txt). Sizes with --units b
// --nosuffix are plain integer strings.
//
// The test machine has no device-mapper, so the real tests run in LVM's
// metadata-only mode (Config{Extra: "global/activation=0 ..."}) on loop
// devices: PVs, VGs and linear LVs are real; activation, thin pools and
// snapshots fail there with the recorded "without using device-mapper
// kernel driver", and their argv is tested against fakes.
package lvm
