package replication

// pruneOwn is the task's retention on one side, pure: own is the task's
// own snapshots there (oldest first); all but the newest keep go, never
// base (the newest common snapshot, which the next run starts from).
// keep 0 keeps everything. A small rule rather than the retention
// planner: a replication keeps a count, not time buckets.
func pruneOwn(own []string, keep int, base string) []string {
	if keep <= 0 || len(own) <= keep {
		return nil
	}
	var del []string
	for _, s := range own[:len(own)-keep] {
		if s != base {
			del = append(del, s)
		}
	}
	return del
}
