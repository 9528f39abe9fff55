// Package zfs runs OpenZFS's zpool and zfs and parses what they print:
// pools (`zpool list`), their status and vdev tree (`zpool status`, text in
// both layouts and `-j` JSON), importable pools (`zpool import`),
// datasets, volumes and snapshots (`zfs list -H -p`, `zfs list -j`,
// `zfs get -H -p`), the ARC statistics in /proc/spl/kstat/zfs/arcstats,
// and builds the argv of every change (create/destroy/export/import a
// pool, scrub, create/set/destroy a dataset or volume) from validated
// input only: a name or value that could be read as an option never
// reaches argv.
//
// ZFS cannot run on the machine the tests run on (no kernel module, and
// zfs-fuse is pool v23 with an old CLI), so every parser is tested on the
// recorded and public outputs in testdata/ (README.md there says where
// each comes from), and the flows run against the stateful fake zfs and
// zpool of testutil/fakezfs, which prints those same formats. Production
// code always runs the real tools found in the Runner's Path.
//
// Listing must stay fast with 100 000 snapshots: lists ask only for the
// columns they show, sort by name (sorting by creation makes zfs read
// every snapshot's properties first), and the parsers are total: a line
// they cannot read becomes a Warning and the other datasets still list.
package zfs
