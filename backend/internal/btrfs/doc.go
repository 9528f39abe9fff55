// Package btrfs runs mkfs.btrfs and btrfs: filesystems (mkfs with data
// and metadata profiles, `filesystem show --raw`, `filesystem usage -b`),
// subvolumes (create, list, show, delete), read-only snapshots, qgroup
// usage where quotas are on, scrub (start, status, cancel), and for
// replication the argv of send and receive (the receiving side runs
// through ssh), their errors, and what a --no-data stream says of the
// size of the real one (stream.go). Parsers are pure and tested on
// output recorded on loop devices (testdata/), and the real tests run
// every command on a loop device over a sparse file.
//
// btrfs-progs 6.2 prints its tables with TABs and aligned spaces mixed;
// the parsers split on whitespace and read values by key, never by
// column position, except in qgroup tables, whose columns are fixed.
package btrfs
