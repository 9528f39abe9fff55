// Package replication is the replication service: tasks that send a ZFS
// dataset (zfs send | ssh | zfs receive) or a btrfs subvolume (btrfs send
// | ssh | btrfs receive, files btrfs*.go) to another machine, on a cron
// schedule or when asked, as tasks with progress and cancel, one run per
// replication task at a time.
//
// Its rule is BAMS's: it destroys only what it owns. The task's snapshots
// carry bams:owner=replication:<task>; on the target, where user
// properties do not travel, a snapshot is the task's only when its name
// and guid are in the task's record of what it sent. It never rolls back
// or overwrites a target (no -F): a target that shares no snapshot with
// the source stops the run with an error and an alert. The newest common
// snapshot is held (bams:replication:<task>) on both sides, and the old
// hold is released only after the new one is placed on both.
package replication
